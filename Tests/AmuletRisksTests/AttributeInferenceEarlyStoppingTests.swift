import AmuletData
import AmuletLearn
import AmuletTensor
import Testing

@testable import AmuletRisks

/// Early stopping of the attribute-inference attack model.
@Suite struct AttributeInferenceEarlyStoppingTests {
    @Test func stoppingEpochIsTheBestBeforePatienceRunsOut() {
        // Losses after 0…7 epochs; best at 3, then three epochs without a 1e-4 improvement.
        let curve = [1.0, 0.8, 0.7, 0.6, 0.65, 0.60005, 0.7, 0.1]
        #expect(AttributeInferenceAttack.stoppingEpoch(curve, patience: 3) == 3)
        // With more patience the late drop at epoch 7 is reached.
        #expect(AttributeInferenceAttack.stoppingEpoch(curve, patience: 4) == 7)
        // A loss that only rises keeps the first epoch.
        #expect(AttributeInferenceAttack.stoppingEpoch([1, 2, 3, 4], patience: 1) == 1)
    }

    /// A noisy task: the label is the sign of the first input, flipped for a third of the rows,
    /// so a wide network overfits the noise and the held-out loss turns up.
    static func noisyTask(rows: Int) -> (Matrix, [Int]) {
        var rng = SeededGenerator(seed: 7)
        var x = Matrix(rows: rows, cols: 4)
        var y: [Int] = []
        for i in 0..<rows {
            for j in 0..<4 { x[i, j] = Float(rng.uniformDouble() * 2 - 1) }
            let clean = x[i, 0] > 0 ? 1 : 0
            y.append(rng.uniformDouble() < 1.0 / 3 ? 1 - clean : clean)
        }
        return (x, y)
    }

    @Test func theStoppedModelIsThePrefixOfTheMonitoredRun() throws {
        let (x, y) = Self.noisyTask(rows: 300)
        let attack = AttributeInferenceAttack(
            hidden: [64, 64], epochs: 40, patience: 3, validationFraction: 0.2, seed: 1)
        let recipe = Recipe(
            architecture: .mlp(hidden: [64, 64], batchNorm: false, dropout: 0),
            optimizer: .adam(learningRate: 1e-2, weightDecay: 0), epochs: 40, batchSize: 32,
            seed: 5)
        let (network, epochs) = try attack.attackModel(
            recipe, inputs: x, labels: y, trainer: Trainer())
        #expect(epochs >= 1 && epochs < 40, "overfitting noise must stop early: \(epochs)")
        // Rebuild the held-out split and the monitored curve independently of the attack.
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(recipe.seed, 0x7661_6C69))
        let (held, kept) = Splitter.random(total: 300, count: 60, rng: &rng)
        var monitored = recipe
        monitored.defenses = [
            ValidationLossMonitor(features: x.gatherRows(held), labels: held.map { y[$0] })
        ]
        let full = try Trainer().train(
            monitored,
            on: TrainingSet(features: x.gatherRows(kept), labels: kept.map { y[$0] }, classCount: 2)
        )
        let losses = try #require(full.summary.validationLosses)
        let atStop = try #require(losses.indices.contains(epochs) ? losses[epochs] : nil)
        let stoppedLoss = ValidationLossMonitor.crossEntropy(
            network, x.gatherRows(held), held.map { y[$0] })
        #expect(abs(stoppedLoss - atStop) < 1e-9, "\(stoppedLoss) vs \(atStop)")
        let last = ValidationLossMonitor.crossEntropy(
            full.network, x.gatherRows(held), held.map { y[$0] })
        #expect(stoppedLoss < last, "the stopped model beats the fully trained one held out")
    }
}
