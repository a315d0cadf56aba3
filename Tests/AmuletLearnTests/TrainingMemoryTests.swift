import AmuletLearn
import AmuletTensor
import Testing

/// Oversized models are refused with an error before any parameter is allocated.
@Suite struct TrainingMemoryTests {
    /// Four rows of two features, two classes.
    func tinySet() -> TrainingSet {
        TrainingSet(
            features: Matrix([[0, 1], [1, 0], [1, 1], [0, 0]]), labels: [0, 1, 1, 0],
            classCount: 2)
    }

    @Test func hugeHiddenLayersAreRefusedNamingHidden() {
        var trainer = Trainer()
        trainer.memoryBudget = MemoryBudget(availableBytes: 16_000_000_000)
        let recipe = Recipe(
            architecture: .mlp(hidden: [100_000, 100_000], batchNorm: false, dropout: 0))
        do {
            _ = try trainer.train(recipe, on: tinySet())
            Issue.record("expected a memory refusal")
        } catch let ResourceError.insufficientMemory(needed, available, parameter) {
            // 2·10⁵ + 10¹⁰ + 2·10⁵ + 10⁵ + 2·10⁵ + 2 weights, ×4 bytes ×5 copies (weights,
            // gradients, Adam's two moments, checkpoint): just over 200 GB.
            #expect(needed > 200_000_000_000 && needed < 200_100_000_000)
            #expect(available == 16_000_000_000)
            #expect(parameter == "hidden")
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test(.enabled(if: MemoryBudget.physical().availableBytes < 200_000_000_000))
    func hugeHiddenLayersAreRefusedOnThisMachine() {
        #expect(throws: ResourceError.self) {
            try Trainer().train(
                Recipe(
                    architecture: .mlp(hidden: [100_000, 100_000], batchNorm: false, dropout: 0)),
                on: tinySet())
        }
    }

    @Test func estimateSaturatesForAbsurdWidths() {
        let estimate = Trainer.memoryEstimate(
            architecture: .mlp(hidden: [Int.max, Int.max], batchNorm: true, dropout: 0),
            optimizer: .adam(learningRate: 1e-3, weightDecay: 0), batchSize: 256,
            perSampleGradients: true, inputWidth: 10, classes: 2, rows: 100)
        #expect(estimate.bytes == Int.max)
        #expect(estimate.parameter == "hidden")
    }

    @Test func hugeBatchOfWideRowsBlamesTheBatch() {
        // Activations: 10⁶ rows × (10⁴ + 10 + 2) units × 4 buffers × 4 bytes ≈ 160 GB, more
        // than the parameters (≈ 2 MB) or the data (≈ 80 GB).
        let estimate = Trainer.memoryEstimate(
            architecture: .mlp(hidden: [10], batchNorm: false, dropout: 0),
            optimizer: .sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0),
            batchSize: 1_000_000, perSampleGradients: false, inputWidth: 10_000, classes: 2,
            rows: 1_000_000)
        #expect(estimate.parameter == "batch")
        #expect(estimate.bytes > 160_000_000_000)
    }

    @Test func ordinaryModelsFitEasily() throws {
        let estimate = Trainer.memoryEstimate(
            architecture: .mlp(hidden: [128, 256, 128], batchNorm: false, dropout: 0),
            optimizer: .adam(learningRate: 1e-3, weightDecay: 0), batchSize: 256,
            perSampleGradients: true, inputWidth: 94, classes: 2, rows: 12_000)
        #expect(estimate.bytes < 100_000_000)
        _ = try Trainer().train(Recipe(architecture: .logisticRegression, epochs: 1), on: tinySet())
    }
}
