import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

/// The text encoders' gradients against finite differences, and their per-sample gradients
/// (DP-SGD) against one-sample-at-a-time backprop.
@Suite struct TextModelTests {
    /// Rows of token ids: a full sentence, a short one, one with no word, one with a gap.
    let ids = Matrix([
        [2, 3, 4, 0, 0], [5, 1, 6, 2, 3], [0, 0, 0, 0, 0], [3, 0, 4, 4, 0],
    ])

    func model(_ encoder: TextModelConfiguration.Encoder) -> Network {
        var rng = SeededGenerator(seed: 5)
        let configuration = TextModelConfiguration(
            encoder: encoder, vocabulary: 7, length: 5, width: 4, head: [3])
        return Architecture.text(configuration).build(inputWidth: 5, classes: 2, rng: &rng)
    }

    /// ∂L/∂θ of L = Σ logits ⊙ R against central differences of step 1e-3 (Double sums).
    func checkParameterGradient(_ original: Network) {
        var rng = SeededGenerator(seed: 9)
        var network = original
        let logits = network.forward(ids, training: true, rng: &rng)
        let r = TestSupport.randomMatrix(rows: logits.rows, cols: logits.cols, rng: &rng)
        _ = network.backward(r)
        var analytic = [Float](repeating: 0, count: network.parameterCount)
        network.accumulateParameterGradients(into: &analytic)
        let numeric = TestSupport.numericGradient(
            of: { theta in
                var probe = original
                probe.parameters = theta
                var probeRNG = SeededGenerator(seed: 9)
                let y = probe.forward(ids, training: true, rng: &probeRNG)
                return zip(y.storage, r.storage).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }, at: original.parameters, step: 1e-3)
        let error = TestSupport.maxRelativeError(analytic, numeric, floor: 5e-2)
        #expect(error < 3e-2, "parameter gradient off by \(error)")
    }

    @Test func embeddingBagBackwardMatchesFiniteDifferences() {
        checkParameterGradient(model(.bag))
    }

    @Test func transformerBackwardMatchesFiniteDifferences() {
        checkParameterGradient(model(.transformer(layers: 2, hidden: 6)))
    }

    /// Per-sample squared norms and the row-scaled sum against each sample's own gradient.
    func checkPerSample(_ net: Network) {
        let labels = [0, 1, 1, 0]
        var rng = SeededGenerator(seed: 12)
        var batchNet = net
        let logits = batchNet.forward(ids, training: true, rng: &rng)
        var loss = Loss.softmaxCrossEntropy(logits: logits, labels: labels)
        loss.gradient.scale(by: Float(labels.count))
        _ = batchNet.backward(loss.gradient)
        let norms = batchNet.perSampleSquaredGradientNorms(batch: labels.count)
        let scale: [Float] = [0.5, -1, 2, 0.25]
        var scaledSum = [Float](repeating: 0, count: net.parameterCount)
        batchNet.accumulateParameterGradients(rowScale: scale, into: &scaledSum)
        var expectedSum = [Float](repeating: 0, count: net.parameterCount)
        for i in 0..<labels.count {
            var single = net
            let l = single.forward(ids.rowSlice(i, i + 1), training: true, rng: &rng)
            _ = single.backward(
                Loss.softmaxCrossEntropy(logits: l, labels: [labels[i]]).gradient)
            var g = [Float](repeating: 0, count: net.parameterCount)
            single.accumulateParameterGradients(into: &g)
            let naive = g.reduce(0) { $0 + $1 * $1 }
            #expect(abs(norms[i] - naive) <= 1e-4 * max(1, naive), "sample \(i)")
            for j in g.indices { expectedSum[j] += scale[i] * g[j] }
        }
        #expect(TestSupport.maxRelativeError(scaledSum, expectedSum, floor: 1e-3) < 1e-3)
    }

    @Test func embeddingBagPerSampleGradientsMatchOneSampleAtATime() {
        checkPerSample(model(.bag))
    }

    @Test func transformerPerSampleGradientsMatchOneSampleAtATime() {
        checkPerSample(model(.transformer(layers: 1, hidden: 6)))
    }

    /// A word's embedding moves the bag's output by 1/n of itself: the mean, by hand.
    @Test func embeddingBagIsTheMeanOfItsWordsAndIgnoresPadding() {
        var layer = EmbeddingBag(vocabulary: 4, width: 2, length: 3)
        let table: [Float] = [9, 9, 7, 7, 1, 2, 3, 5]
        var state: [Float] = []
        var rng = SeededGenerator(seed: 0)
        let y = layer.forward(
            Matrix([[2, 3, 0], [0, 0, 0], [3, 3, 17]]), parameters: table, state: &state,
            training: false, rng: &rng)
        #expect(y.row(0) == [2, 3.5])
        #expect(y.row(1) == [0, 0])
        // 17 is outside the table: the unknown word's row (7, 7).
        #expect(abs(y[2, 0] - 13.0 / 3) < 1e-6 && abs(y[2, 1] - 17.0 / 3) < 1e-6)
    }

    /// Padding after the last word changes nothing: the transformer packs each sentence.
    @Test func transformerOutputDoesNotDependOnTrailingPaddingLength() {
        var rng = SeededGenerator(seed: 5)
        let short = TextModelConfiguration(
            encoder: .transformer(layers: 1, hidden: 6), vocabulary: 7, length: 3, width: 4,
            head: [])
        var long = short
        long.length = 6
        let a = Architecture.text(short).build(inputWidth: 3, classes: 2, rng: &rng)
        var b = Architecture.text(long).build(inputWidth: 6, classes: 2, rng: &rng)
        b.parameters = a.parameters
        let ya = a.logits(Matrix([[2, 3, 4]]))
        let yb = b.logits(Matrix([[2, 3, 4, 0, 0, 0]]))
        for j in 0..<2 { #expect(abs(ya[0, j] - yb[0, j]) < 1e-5) }
    }
}
