import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

/// Layers reuse their buffers from batch to batch; values handed out earlier must not change.
@Suite struct WorkspaceTests {
    func network(batchNorm: Bool, dropout: Double = 0) -> Network {
        var rng = SeededGenerator(seed: 5)
        return Architecture.mlp(hidden: [6, 4], batchNorm: batchNorm, dropout: dropout)
            .build(inputWidth: 3, classes: 2, rng: &rng)
    }

    @Test func reluOutputsHandedOutEarlierKeepTheirValues() {
        var relu = ReLU()
        var state: [Float] = []
        var rng = SeededGenerator(seed: 0)
        let first = relu.forward(
            Matrix([[-1, 2], [3, -4]]), parameters: [], state: &state, training: true, rng: &rng)
        let second = relu.forward(
            Matrix([[5, -6], [-7, 8]]), parameters: [], state: &state, training: true, rng: &rng)
        #expect(first == Matrix([[0, 2], [3, 0]]))
        #expect(second == Matrix([[5, 0], [0, 8]]))
        let gradient = relu.backward(Matrix([[1, 1], [1, 1]]), parameters: [])
        #expect(gradient == Matrix([[1, 0], [0, 1]]))
    }

    @Test func denseOutputIsTheAffineMapAcrossBatchesOfDifferentSizes() {
        var dense = Dense(inputWidth: 2, outputWidth: 2)
        var state: [Float] = []
        var rng = SeededGenerator(seed: 0)
        // W = [[1, 2], [3, 4]], b = [10, 20]: y = x·Wᵀ + b worked by hand.
        let parameters: [Float] = [1, 2, 3, 4, 10, 20]
        let big = dense.forward(
            Matrix([[1, 0], [0, 1], [1, 1]]), parameters: parameters, state: &state,
            training: true, rng: &rng)
        let small = dense.forward(
            Matrix([[2, 1]]), parameters: parameters, state: &state, training: true, rng: &rng)
        #expect(big == Matrix([[11, 23], [12, 24], [13, 27]]))
        #expect(small == Matrix([[14, 30]]))
    }

    @Test(arguments: [false, true])
    func parameterOnlyBackwardGivesTheSameGradientsAsTheFullBackward(batchNorm: Bool) {
        var rng = SeededGenerator(seed: 9)
        let x = TestSupport.randomMatrix(rows: 7, cols: 3, rng: &rng)
        let g = TestSupport.randomMatrix(rows: 7, cols: 2, rng: &rng)
        var full = network(batchNorm: batchNorm)
        var partial = full
        var forwardRNG = SeededGenerator(seed: 1)
        _ = full.forward(x, training: true, rng: &forwardRNG)
        _ = full.backward(g)
        var expected = [Float](repeating: 0, count: full.parameterCount)
        full.accumulateParameterGradients(into: &expected)
        forwardRNG = SeededGenerator(seed: 1)
        _ = partial.forward(x, training: true, rng: &forwardRNG)
        partial.backwardForParameterGradients(g)
        var actual = [Float](repeating: 0, count: partial.parameterCount)
        partial.accumulateParameterGradients(into: &actual)
        #expect(actual == expected)
        #expect(actual.contains { $0 != 0 })
    }

    @Test(arguments: [false, true])
    func releasingCachesKeepsPredictionsAndLaterStepsUnchanged(batchNorm: Bool) {
        var rng = SeededGenerator(seed: 4)
        let x = TestSupport.randomMatrix(rows: 5, cols: 3, rng: &rng)
        let g = TestSupport.randomMatrix(rows: 5, cols: 2, rng: &rng)
        var kept = network(batchNorm: batchNorm, dropout: 0.2)
        var released = kept
        var expected = [Float](repeating: 0, count: kept.parameterCount)
        var actual = expected
        var keptRNG = SeededGenerator(seed: 2)
        var releasedRNG = SeededGenerator(seed: 2)
        for step in 0..<3 {
            _ = kept.forward(x, training: true, rng: &keptRNG)
            _ = kept.backward(g)
            kept.accumulateParameterGradients(into: &expected)
            _ = released.forward(x, training: true, rng: &releasedRNG)
            released.backwardForParameterGradients(g)
            released.accumulateParameterGradients(into: &actual)
            released.releaseCaches(keepingWorkspaces: step < 2)
        }
        #expect(actual == expected)
        #expect(released.logits(x) == kept.logits(x))
    }
}
