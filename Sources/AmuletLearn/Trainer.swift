import AmuletTensor

/// A trained network with the recipe label and what happened while training.
public struct TrainedModel: Sendable {
    /// The network, in evaluation use.
    public var network: Network
    /// The architecture actually trained (after defenses adjusted it).
    public var architecture: Architecture
    /// The recipe's label such as `mlp-m1 + dp(eps=1)`.
    public var label: String
    /// Epochs, steps, losses and what defenses reported.
    public var summary: TrainingSummary

    /// A trained model.
    public init(
        network: Network, architecture: Architecture, label: String, summary: TrainingSummary
    ) {
        self.network = network
        self.architecture = architecture
        self.label = label
        self.summary = summary
    }
}

/// Errors of the training loop.
public enum TrainingError: Error, Sendable, Equatable {
    /// The training set has no examples.
    case emptyTrainingSet
    /// A label is outside 0..<classCount.
    case labelOutOfRange(label: Int, classCount: Int)
    /// The loss became NaN or infinite at this epoch.
    case diverged(epoch: Int)
    /// A recipe value is unusable.
    case invalidRecipe(String)
}

/// Runs a `Recipe` over a `TrainingSet`: the one training loop every defense hooks into.
///
/// Per batch: defenses transform the batch, forward, softmax cross-entropy (weighted when the
/// set has sample weights; a soft-target loss when the set carries soft targets) plus defense
/// loss terms, backward, then either the plain summed
/// gradient or, when a defense asks for it, per-sample clipping through row scales of each
/// layer's output gradient and a transform of the summed gradient (DP-SGD), then one
/// optimizer step.
public struct Trainer: Sendable {
    /// Receives per-epoch progress.
    public var progress: ProgressReporter?
    /// Polled once per batch.
    public var cancellation: CancellationToken?
    /// Training that would need more memory than this is refused before allocating.
    public var memoryBudget: MemoryBudget = .physical()

    /// A trainer with optional progress and cancellation.
    public init(progress: ProgressReporter? = nil, cancellation: CancellationToken? = nil) {
        self.progress = progress
        self.cancellation = cancellation
    }

    /// Trains a fresh network from `recipe` on `data`.
    public func train(_ recipe: Recipe, on data: TrainingSet) throws -> TrainedModel {
        var run = try TrainingRun(
            recipe: recipe, data: data, memoryBudget: memoryBudget, cancellation: cancellation)
        for epoch in 0..<recipe.epochs {
            let meanLoss = try run.runEpoch(epoch, cancellation: cancellation)
            progress?(
                ProgressUpdate(
                    stage: "training \(recipe.architecture.label)", completed: epoch + 1,
                    total: recipe.epochs, detail: "loss \(String(format3: meanLoss))"))
        }
        return run.finish()
    }
}

extension Trainer {
    /// Each of 0..<count independently with probability `rate`, by geometric skips.
    ///
    /// The gap to the next included index is ⌊log U / log(1 − rate)⌋, so the cost is
    /// proportional to the sample (q·N draws), not to N.
    static func poissonSample(count: Int, rate: Double, rng: inout SeededGenerator) -> [Int] {
        if rate >= 1 { return Array(0..<count) }
        if rate <= 0 { return [] }
        var indices: [Int] = []
        indices.reserveCapacity(Int(Double(count) * rate * 1.2) + 8)
        let logKeep = Math.log(1 - rate)
        var position = -1
        while true {
            var u = rng.uniformDouble()
            while u <= 0 { u = rng.uniformDouble() }
            let gap = (Math.log(u) / logKeep).rounded(.down)
            if gap >= Double(count) { break }
            position += Int(gap) + 1
            if position >= count { break }
            indices.append(position)
        }
        return indices
    }
}

extension String {
    /// A number with three decimals, without Foundation.
    init(format3 value: Double) {
        guard value.isFinite else {
            self = "\(value)"
            return
        }
        let scaled = (abs(value) * 1000).rounded()
        let whole = Int(scaled / 1000)
        let fraction = Int(scaled) % 1000
        let padded =
            String(fraction).count < 3
            ? String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
            : String(fraction)
        self = (value < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
