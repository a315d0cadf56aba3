import AmuletLearn
import AmuletTensor
import Foundation

/// A read-only training hook that records the cross-entropy of held-out rows at the start of
/// every epoch; it changes nothing in training (it draws no random numbers).
///
/// Early stopping reads the curve it leaves in the summary: at the start of epoch e the
/// network has trained e epochs, so the values are the held-out losses after 0, 1, …, E − 1
/// epochs (the loss after the last epoch is that of the returned network).
struct ValidationLossMonitor: TrainingDefense {
    /// The held-out inputs.
    let features: Matrix
    /// Their labels.
    let labels: [Int]
    private var batchesPerEpoch = 1
    private var batchesSeen = 0
    private var losses: [Double] = []

    init(features: Matrix, labels: [Int]) {
        self.features = features
        self.labels = labels
    }

    var identity: String { "validation-monitor(\(labels.count))" }

    mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {
        batchesPerEpoch = max(1, (trainingSet.count + recipe.batchSize - 1) / recipe.batchSize)
    }

    mutating func transformBatch(
        _ batch: inout Batch, network: Network, rng: inout SeededGenerator
    ) {
        if batchesSeen % batchesPerEpoch == 0 {
            losses.append(Self.crossEntropy(network, features, labels))
        }
        batchesSeen += 1
    }

    func finish(summary: inout TrainingSummary, recipe: Recipe, trainingSetSize: Int) {
        summary.validationLosses = losses
    }

    /// Mean −log p(y | x) of `network` on the rows, with p floored at 1e-12.
    static func crossEntropy(_ network: Network, _ features: Matrix, _ labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        let p = network.probabilities(features)
        var total = 0.0
        for (i, y) in labels.enumerated() { total -= Foundation.log(max(Double(p[i, y]), 1e-12)) }
        return total / Double(labels.count)
    }
}
