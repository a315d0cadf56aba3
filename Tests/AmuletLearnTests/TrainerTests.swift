import AmuletData
import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

/// A defense used only here: it exercises every hook of the training loop.
struct RecordingDefense: TrainingDefense {
    var identity: String { "recording" }
    var needsPerSampleGradients: Bool { true }
    var clip: Float

    func adjust(_ architecture: Architecture, summary: inout TrainingSummary) -> Architecture {
        summary.notes.append("adjusted")
        return architecture.withoutBatchNorm
    }

    mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {
        // Keep only the first half of the rows.
        let keep = Array(0..<(trainingSet.count / 2))
        trainingSet.features = trainingSet.features.gatherRows(keep)
        trainingSet.labels = keep.map { trainingSet.labels[$0] }
    }

    mutating func scalePerSampleGradients(_ gradients: inout PerSampleGradients) {
        for i in gradients.rowScale.indices {
            let norm = gradients.squaredNorms[i].squareRoot()
            gradients.rowScale[i] = min(1, clip / max(norm, 1e-12))
        }
    }

    mutating func transformSummedGradient(
        _ gradient: inout [Float], batchSize: Int, rng: inout SeededGenerator
    ) {
        let n = Float(max(batchSize, 1))
        for i in gradient.indices { gradient[i] /= n }
    }

    func finish(summary: inout TrainingSummary, recipe: Recipe, trainingSetSize: Int) {
        summary.notes.append("finished after \(summary.steps) steps")
    }
}

@Suite(.serialized) struct TrainerTests {
    func synthetic(rows: Int = 2000, separation: Double = 3) throws -> DataSplit {
        try SyntheticDataset.make(
            rows: rows, features: 10, separation: separation, correlation: 0.8, seed: 3)
    }

    func trainingSet(_ d: Dataset) -> TrainingSet {
        TrainingSet(features: d.features, labels: d.labels, classCount: d.classCount)
    }

    @Test func mlpOnSyntheticReachesNearBayesAccuracy() throws {
        let data = try synthetic()
        let recipe = Recipe(
            architecture: .mlp(hidden: [32, 32], batchNorm: false, dropout: 0), epochs: 15,
            batchSize: 64, seed: 1)
        let model = try Trainer().train(recipe, on: trainingSet(data.train))
        let accuracy = model.network.accuracy(data.test.features, labels: data.test.labels)
        // Bayes accuracy Φ(1.5) = 0.933; a good model is within 3 points of it.
        let bayes = SyntheticDataset.bayesAccuracy(separation: 3)
        #expect(abs(bayes - 0.9332) < 1e-3)
        #expect(accuracy > bayes - 0.03, "accuracy \(accuracy) vs Bayes \(bayes)")
        #expect(model.summary.epochLosses.count == 15)
        #expect(model.summary.epochLosses.last ?? 1 < model.summary.epochLosses.first ?? 0)
    }

    @Test func logisticRegressionOnSyntheticReachesNearBayesAccuracy() throws {
        let data = try synthetic()
        let recipe = Recipe(
            architecture: .logisticRegression,
            optimizer: .sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0), epochs: 10,
            batchSize: 32, seed: 1)
        let model = try Trainer().train(recipe, on: trainingSet(data.train))
        #expect(model.network.accuracy(data.test.features, labels: data.test.labels) > 0.90)
    }

    @Test func sameSeedGivesBitwiseIdenticalWeights() throws {
        let data = try synthetic(rows: 600)
        let recipe = Recipe(
            architecture: .mlp(hidden: [16], batchNorm: true, dropout: 0.2), epochs: 3,
            batchSize: 50, seed: 5)
        let first = try Trainer().train(recipe, on: trainingSet(data.train))
        let second = try Trainer().train(recipe, on: trainingSet(data.train))
        #expect(first.network.parameters == second.network.parameters)
        #expect(first.network.state == second.network.state)
        var other = recipe
        other.seed = 6
        let third = try Trainer().train(other, on: trainingSet(data.train))
        #expect(third.network.parameters != first.network.parameters)
    }

    @Test func batchNormSurvivesALastBatchOfOneRow() throws {
        let data = try synthetic(rows: 200)
        // A batch size of n − 1 leaves a last batch of one row.
        let batchSize = data.train.count - 1
        let recipe = Recipe(
            architecture: .mlp(hidden: [8], batchNorm: true, dropout: 0), epochs: 2,
            batchSize: batchSize, seed: 1)
        let model = try Trainer().train(recipe, on: trainingSet(data.train))
        #expect(model.network.parameters.allSatisfy { $0.isFinite })
        #expect(data.train.count % batchSize == 1)
    }

    @Test func defenseHooksRunInTheTrainingLoop() throws {
        let data = try synthetic(rows: 400)
        let recipe = Recipe(
            architecture: .mlp(hidden: [8], batchNorm: true, dropout: 0), epochs: 2, batchSize: 25,
            seed: 1,
            defenses: [RecordingDefense(clip: 0.01)])
        let model = try Trainer().train(recipe, on: trainingSet(data.train))
        // prepare halved 200 rows to 100 → 4 batches × 2 epochs.
        #expect(model.summary.trainingExamples == 100)
        #expect(model.summary.steps == 8)
        #expect(model.summary.notes == ["adjusted", "finished after 8 steps"])
        #expect(!model.architecture.usesBatchNorm)
        #expect(recipe.identity.contains("recording"))
        // With clip 0.01 and Adam, training still moves but the per-step gradient is tiny.
        let plain = try Trainer().train(
            Recipe(
                architecture: .mlp(hidden: [8], batchNorm: false, dropout: 0), epochs: 2,
                batchSize: 25, seed: 1),
            on: trainingSet(data.train))
        #expect(plain.network.parameters != model.network.parameters)
    }

    @Test func cancellationStopsTraining() throws {
        let data = try synthetic(rows: 400)
        let token = CancellationToken()
        token.cancel()
        let recipe = Recipe(architecture: .logisticRegression, epochs: 5, seed: 1)
        #expect(throws: CancellationError.self) {
            try Trainer(cancellation: token).train(recipe, on: trainingSet(data.train))
        }
    }

    @Test func progressIsReportedOncePerEpoch() throws {
        let data = try synthetic(rows: 200)
        let counter = ProgressCounter()
        let trainer = Trainer(progress: { update in counter.record(update.completed) })
        _ = try trainer.train(
            Recipe(architecture: .logisticRegression, epochs: 4, seed: 1),
            on: trainingSet(data.train))
        #expect(counter.values == [1, 2, 3, 4])
    }
}

/// Collects progress values from the trainer's callback.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []
    func record(_ value: Int) { lock.withLock { stored.append(value) } }
    var values: [Int] { lock.withLock { stored } }
}
