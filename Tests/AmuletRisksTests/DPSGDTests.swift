import AmuletLearn
import AmuletRisks
import AmuletTensor
import Testing

@Suite struct DPSGDTests {
    let defense = DPSGDDefense(
        clipNorm: 0.5, noiseMultiplier: 1.3, delta: 1e-5, samplingRate: 0.1, targetEpsilon: nil)

    @Test func clippedPerSampleGradientsHaveNormAtMostClipAgainstNaiveBackprop() {
        var initRNG = SeededGenerator(seed: 1)
        var rng = SeededGenerator(seed: 2)
        let net = Architecture.mlp(hidden: [8, 6], batchNorm: false, dropout: 0).build(
            inputWidth: 5, classes: 3, rng: &initRNG)
        var x = Matrix(rows: 6, cols: 5)
        for i in x.storage.indices { x.storage[i] = rng.normal(mean: 0, std: 3) }
        let labels = [0, 1, 2, 0, 1, 2]
        var batchNet = net
        var loss = Loss.softmaxCrossEntropy(
            logits: batchNet.forward(x, training: true, rng: &rng), labels: labels)
        loss.gradient.scale(by: 6)
        _ = batchNet.backward(loss.gradient)
        var info = PerSampleGradients(
            squaredNorms: batchNet.perSampleSquaredGradientNorms(batch: 6),
            rowScale: [Float](repeating: 1, count: 6))
        var d = defense
        d.scalePerSampleGradients(&info)
        var clippedSum = [Float](repeating: 0, count: net.parameterCount)
        batchNet.accumulateParameterGradients(rowScale: info.rowScale, into: &clippedSum)
        var naiveSum = [Float](repeating: 0, count: net.parameterCount)
        var clippedSeen = 0
        for i in 0..<6 {
            // Naive: one backward pass per sample.
            var single = net
            let logits = single.forward(x.rowSlice(i, i + 1), training: true, rng: &rng)
            _ = single.backward(
                Loss.softmaxCrossEntropy(logits: logits, labels: [labels[i]]).gradient)
            var g = [Float](repeating: 0, count: net.parameterCount)
            single.accumulateParameterGradients(into: &g)
            let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let scale = min(1, 0.5 / norm)
            if norm > 0.5 { clippedSeen += 1 }
            #expect(abs(info.rowScale[i] - scale) <= 1e-4 * max(1, scale))
            #expect(norm * info.rowScale[i] <= 0.5 * (1 + 1e-4))
            for k in g.indices { naiveSum[k] += g[k] * scale }
        }
        #expect(clippedSeen > 0, "the test must exercise clipping")
        let worst = zip(clippedSum, naiveSum).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-4)
    }

    @Test func noiseStandardDeviationIsSigmaTimesClipOverExpectedBatch() throws {
        var d = defense
        var trainingSet = TrainingSet(
            features: Matrix(rows: 1000, cols: 1), labels: [Int](repeating: 0, count: 1000))
        var rng = SeededGenerator(seed: 3)
        var summary = TrainingSummary()
        try d.prepare(
            &trainingSet, recipe: Recipe(architecture: .logisticRegression), rng: &rng,
            summary: &summary)
        // Expected batch q·N = 100; noise std σ·C = 0.65 before the division.
        var gradient = [Float](repeating: 0, count: 200_000)
        var rowScale: [Float] = [1, 0.5]
        #expect(d.startSummedGradient(&gradient, rowScale: &rowScale, rng: &rng))
        let std = Statistics.standardDeviation(gradient)
        #expect(abs(std - 0.65 / 100) / (0.65 / 100) < 0.01)
        #expect(abs(Statistics.mean(gradient)) < 1e-4)
        // The division by q·N moves onto every sample's clipping factor.
        #expect(rowScale == [0.01, 0.005])
        // The next step's noise is fresh, not the same draws again.
        var next = [Float](repeating: 0, count: 200_000)
        var noRows: [Float] = []
        #expect(d.startSummedGradient(&next, rowScale: &noRows, rng: &rng))
        #expect(next != gradient)
    }

    @Test func batchNormIsRemovedWithANote() {
        var summary = TrainingSummary()
        let adjusted = defense.adjust(
            .mlp(hidden: [4], batchNorm: true, dropout: 0), summary: &summary)
        #expect(!adjusted.usesBatchNorm)
        #expect(summary.notes.first?.contains("batch-norm") == true)
    }
}
