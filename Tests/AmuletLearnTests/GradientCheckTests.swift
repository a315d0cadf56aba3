import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

/// Every layer's and loss's analytic gradient against central finite differences.
@Suite struct GradientCheckTests {
    /// L = Σ y ⊙ R for a fixed random R, so ∂L/∂y = R.
    func projection(_ y: Matrix, _ r: Matrix) -> Double {
        zip(y.storage, r.storage).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Checks ∂L/∂θ and ∂L/∂x of `network` with L = Σ logits ⊙ R.
    ///
    /// Steps of 1e-3 in Float32 leave about 1e-3 of absolute noise, so errors are relative to
    /// max(|a|, |b|, 0.05): a bias in front of batch-norm has a true gradient of exactly 0.
    func check(network original: Network, input: Matrix, tolerance: Float = 2e-2) {
        var rng = SeededGenerator(seed: 99)
        var network = original
        let logits = network.forward(input, training: true, rng: &rng)
        let r = TestSupport.randomMatrix(rows: logits.rows, cols: logits.cols, rng: &rng)
        let inputGradient = network.backward(r)
        var parameterGradient = [Float](repeating: 0, count: network.parameterCount)
        network.accumulateParameterGradients(into: &parameterGradient)

        let numericParameters = TestSupport.numericGradient(
            of: { theta in
                var probe = original
                probe.parameters = theta
                var probeRNG = SeededGenerator(seed: 99)
                return projection(probe.forward(input, training: true, rng: &probeRNG), r)
            }, at: original.parameters, step: 1e-3)
        let parameterError = TestSupport.maxRelativeError(
            parameterGradient, numericParameters, floor: 5e-2)
        #expect(parameterError < tolerance, "parameter gradient off by \(parameterError)")

        let numericInput = TestSupport.numericGradient(
            of: { x in
                var probe = original
                var probeRNG = SeededGenerator(seed: 99)
                return projection(
                    probe.forward(
                        Matrix(rows: input.rows, cols: input.cols, storage: x), training: true,
                        rng: &probeRNG), r)
            }, at: input.storage, step: 1e-3)
        let inputError = TestSupport.maxRelativeError(
            inputGradient.storage, numericInput, floor: 5e-2)
        #expect(inputError < tolerance, "input gradient off by \(inputError)")
    }

    func network(_ layers: [any Layer], input: Int, output: Int) -> Network {
        var rng = SeededGenerator(seed: 1)
        return Network(layers: layers, inputWidth: input, outputWidth: output, rng: &rng)
    }

    @Test func denseBackwardMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 2)
        let x = TestSupport.randomMatrix(rows: 4, cols: 5, rng: &rng)
        check(
            network: network([Dense(inputWidth: 5, outputWidth: 3)], input: 5, output: 3), input: x)
    }

    @Test func reluBackwardMatchesFiniteDifferencesAwayFromTheKink() {
        // Inputs at least 0.1 from zero so the ±0.01 probes never cross the kink.
        var rng = SeededGenerator(seed: 3)
        var x = TestSupport.randomMatrix(rows: 3, cols: 4, rng: &rng)
        for i in x.storage.indices where abs(x.storage[i]) < 0.1 { x.storage[i] = 0.5 }
        // (probes are ±0.001)
        check(network: network([ReLU()], input: 4, output: 4), input: x)
    }

    @Test func batchNormTrainingBackwardMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 4)
        let x = TestSupport.randomMatrix(rows: 6, cols: 3, scale: 2, rng: &rng)
        var net = network(
            [BatchNorm(width: 3), Dense(inputWidth: 3, outputWidth: 2)], input: 3, output: 2)
        // Non-trivial γ and β so their gradients are tested too.
        net.parameters[0] = 1.5
        net.parameters[4] = -0.3
        check(network: net, input: x, tolerance: 3e-2)
    }

    @Test func dropoutBackwardMatchesFiniteDifferencesWithAFixedMask() {
        var rng = SeededGenerator(seed: 5)
        let x = TestSupport.randomMatrix(rows: 4, cols: 6, rng: &rng)
        // The same seed gives the same mask in every probe.
        check(
            network: network(
                [Dropout(rate: 0.3), Dense(inputWidth: 6, outputWidth: 2)], input: 6, output: 2),
            input: x)
    }

    @Test(arguments: [false, true]) func mlpEndToEndMatchesFiniteDifferences(batchNorm: Bool) {
        var rng = SeededGenerator(seed: 6)
        var initRNG = SeededGenerator(seed: 7)
        let net = Architecture.mlp(hidden: [6, 5], batchNorm: batchNorm, dropout: 0).build(
            inputWidth: 4, classes: 3, rng: &initRNG)
        // 16 rows keep batch-norm well conditioned: with 5, a ReLU column of mostly zeros has a
        // tiny variance and the loss curves too fast for Float32 finite differences.
        let x = TestSupport.randomMatrix(rows: 16, cols: 4, rng: &rng)
        check(network: net, input: x, tolerance: 5e-2)
    }

    @Test func softmaxCrossEntropyGradientMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 8)
        let logits = TestSupport.randomMatrix(rows: 4, cols: 3, rng: &rng)
        let labels = [0, 2, 1, 2]
        let weights: [Float] = [1, 0.5, 2, 1]
        for w in [nil, weights] {
            let analytic = Loss.softmaxCrossEntropy(logits: logits, labels: labels, weights: w)
                .gradient
            let numeric = TestSupport.numericGradient(
                of: { z in
                    Loss.softmaxCrossEntropy(
                        logits: Matrix(rows: 4, cols: 3, storage: z), labels: labels, weights: w
                    ).value
                }, at: logits.storage, step: 1e-2)
            #expect(TestSupport.maxRelativeError(analytic.storage, numeric) < 1e-2)
        }
        // log 3 for uniform logits.
        let uniform = Loss.softmaxCrossEntropy(logits: Matrix(rows: 1, cols: 3), labels: [1])
        #expect(abs(uniform.value - 1.0986122886681098) < 1e-6)
        // Huge logits stay finite.
        let huge = Loss.softmaxCrossEntropy(logits: Matrix([[1000, -1000]]), labels: [1])
        #expect(abs(huge.value - 2000) < 1e-2)
    }

    @Test func meanSquaredErrorAndKLGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 9)
        let z = TestSupport.randomMatrix(rows: 3, cols: 4, rng: &rng)
        let t = TestSupport.randomMatrix(rows: 3, cols: 4, rng: &rng)
        let mse = Loss.meanSquaredError(predictions: z, targets: t)
        let mseNumeric = TestSupport.numericGradient(
            of: {
                Loss.meanSquaredError(
                    predictions: Matrix(rows: 3, cols: 4, storage: $0), targets: t
                ).value
            }, at: z.storage)
        #expect(TestSupport.maxRelativeError(mse.gradient.storage, mseNumeric) < 1e-2)

        let p = t.softmaxRows()
        let kl = Loss.klDivergence(logits: z, targetProbabilities: p)
        let klNumeric = TestSupport.numericGradient(
            of: {
                Loss.klDivergence(
                    logits: Matrix(rows: 3, cols: 4, storage: $0), targetProbabilities: p
                ).value
            }, at: z.storage)
        #expect(TestSupport.maxRelativeError(kl.gradient.storage, klNumeric) < 1e-2)
        // KL(p‖p) = 0.
        #expect(abs(Loss.klDivergence(logits: t, targetProbabilities: p).value) < 1e-5)
    }

    @Test func perSampleNormsMatchNaivePerSampleBackprop() {
        var initRNG = SeededGenerator(seed: 10)
        var rng = SeededGenerator(seed: 11)
        let net = Architecture.mlp(hidden: [5], batchNorm: false, dropout: 0).build(
            inputWidth: 3, classes: 2, rng: &initRNG)
        let x = TestSupport.randomMatrix(rows: 4, cols: 3, rng: &rng)
        let labels = [0, 1, 1, 0]
        var batchNet = net
        let logits = batchNet.forward(x, training: true, rng: &rng)
        var loss = Loss.softmaxCrossEntropy(logits: logits, labels: labels)
        loss.gradient.scale(by: 4)
        _ = batchNet.backward(loss.gradient)
        let ghost = batchNet.perSampleSquaredGradientNorms(batch: 4)
        for i in 0..<4 {
            var single = net
            let l = single.forward(x.rowSlice(i, i + 1), training: true, rng: &rng)
            _ = single.backward(Loss.softmaxCrossEntropy(logits: l, labels: [labels[i]]).gradient)
            var g = [Float](repeating: 0, count: net.parameterCount)
            single.accumulateParameterGradients(into: &g)
            let naive = g.reduce(0) { $0 + $1 * $1 }
            #expect(abs(ghost[i] - naive) <= 1e-4 * max(1, naive))
        }
    }
}
