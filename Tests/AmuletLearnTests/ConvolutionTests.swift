import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

/// Conv2D and MaxPool2D: forward against hand-computed values, backward against finite
/// differences, and the convolution's per-sample gradient norms against one-at-a-time backprop.
@Suite struct ConvolutionTests {
    func network(_ layers: [any Layer], input: Int, output: Int) -> Network {
        var rng = SeededGenerator(seed: 1)
        return Network(layers: layers, inputWidth: input, outputWidth: output, rng: &rng)
    }

    /// The 3×3 image 1…9, row by row.
    let ramp = Matrix([[1, 2, 3, 4, 5, 6, 7, 8, 9]])

    @Test func convolutionForwardMatchesHandComputedValues() {
        // Two 2×2 filters, no padding: W₁ = [1 2; 3 4], b₁ = 0.5 and W₂ = [0 0; 0 1], b₂ = 0.
        // Output (y, x) of filter 1 is x[y,x] + 2x[y,x+1] + 3x[y+1,x] + 4x[y+1,x+1] + 0.5.
        var net = network(
            [
                Conv2D(
                    inputShape: ImageShape(channels: 1, height: 3, width: 3), outputChannels: 2,
                    kernelSize: 2, padding: 0)
            ], input: 9, output: 8)
        net.parameters = [1, 2, 3, 4, 0, 0, 0, 1, 0.5, 0]
        var rng = SeededGenerator(seed: 0)
        let y = net.forward(ramp, training: false, rng: &rng)
        #expect(y.storage == [37.5, 47.5, 67.5, 77.5, 5, 6, 8, 9])
    }

    @Test func paddedConvolutionSumsEachNeighbourhood() {
        // A 3×3 filter of ones with padding 1 sums each pixel's neighbourhood inside the image.
        var net = network(
            [
                Conv2D(
                    inputShape: ImageShape(channels: 1, height: 3, width: 3), outputChannels: 1,
                    kernelSize: 3, padding: 1)
            ], input: 9, output: 9)
        net.parameters = [Float](repeating: 1, count: 9) + [0]
        var rng = SeededGenerator(seed: 0)
        let y = net.forward(ramp, training: false, rng: &rng)
        #expect(y.storage == [12, 21, 16, 27, 45, 33, 24, 39, 28])
    }

    @Test func maxPoolKeepsEachWindowsMaximumAndDropsRagged() {
        var square = network(
            [MaxPool2D(inputShape: ImageShape(channels: 1, height: 4, width: 4))], input: 16,
            output: 4)
        var rng = SeededGenerator(seed: 0)
        let y = square.forward(
            Matrix([(0..<16).map { Float($0) }]), training: false, rng: &rng)
        #expect(y.storage == [5, 7, 13, 15])
        // Two channels of 3×3: the third row and column are dropped.
        var ragged = network(
            [MaxPool2D(inputShape: ImageShape(channels: 2, height: 3, width: 3))], input: 18,
            output: 2)
        let z = ragged.forward(
            Matrix([(0..<18).map { Float(17 - $0) }]), training: false, rng: &rng)
        #expect(z.storage == [17, 8])
        let g = ragged.backward(Matrix([[1, 2]]))
        var expected = [Float](repeating: 0, count: 18)
        expected[0] = 1
        expected[9] = 2
        #expect(g.storage == expected)
    }

    @Test(arguments: [(3, 1), (2, 0)])
    func convolutionBackwardMatchesFiniteDifferences(kernel: Int, padding: Int) {
        var rng = SeededGenerator(seed: 21)
        let shape = ImageShape(channels: 2, height: 5, width: 4)
        let x = TestSupport.randomMatrix(rows: 3, cols: shape.pixelCount, rng: &rng)
        let conv = Conv2D(
            inputShape: shape, outputChannels: 3, kernelSize: kernel, padding: padding)
        GradientCheckTests().check(
            network: network([conv], input: shape.pixelCount, output: conv.outputShape.pixelCount),
            input: x)
    }

    @Test func maxPoolBackwardMatchesFiniteDifferencesWithoutTies() {
        // Values 0.05 apart in a shuffled order: the ±0.001 probes never change a winner.
        var rng = SeededGenerator(seed: 22)
        var values = (0..<(2 * 2 * 4 * 6)).map { Float($0) * 0.05 }
        values.shuffle(using: &rng)
        let shape = ImageShape(channels: 2, height: 4, width: 6)
        GradientCheckTests().check(
            network: network(
                [MaxPool2D(inputShape: shape)], input: shape.pixelCount, output: 12),
            input: Matrix(rows: 2, cols: shape.pixelCount, storage: values))
    }

    @Test func cnnEndToEndMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 23)
        var initRNG = SeededGenerator(seed: 24)
        let configuration = ConvolutionalConfiguration(
            image: ImageShape(channels: 1, height: 6, width: 6), channels: [3, 4], kernelSize: 3,
            hidden: [5])
        let net = Architecture.cnn(configuration).build(
            inputWidth: 36, classes: 3, rng: &initRNG)
        let x = TestSupport.randomMatrix(rows: 4, cols: 36, rng: &rng)
        GradientCheckTests().check(network: net, input: x, tolerance: 5e-2)
    }

    @Test func convolutionPerSampleNormsMatchOneSampleAtATime() {
        var initRNG = SeededGenerator(seed: 25)
        var rng = SeededGenerator(seed: 26)
        let configuration = ConvolutionalConfiguration(
            image: ImageShape(channels: 2, height: 6, width: 5), channels: [4, 3], kernelSize: 3,
            hidden: [6])
        let net = Architecture.cnn(configuration).build(inputWidth: 60, classes: 3, rng: &initRNG)
        let batch = 5
        let x = TestSupport.randomMatrix(rows: batch, cols: 60, rng: &rng)
        let labels = [0, 2, 1, 1, 0]
        var batchNet = net
        let logits = batchNet.forward(x, training: true, rng: &rng)
        var loss = Loss.softmaxCrossEntropy(logits: logits, labels: labels)
        loss.gradient.scale(by: Float(batch))
        _ = batchNet.backward(loss.gradient)
        let norms = batchNet.perSampleSquaredGradientNorms(batch: batch)
        // Row-scaled accumulation must equal the scaled sum of the per-sample gradients.
        let scales: [Float] = [0.5, 1, 0.25, 2, 0.1]
        var scaled = [Float](repeating: 0, count: net.parameterCount)
        batchNet.accumulateParameterGradients(rowScale: scales, into: &scaled)
        var expectedScaled = [Float](repeating: 0, count: net.parameterCount)
        for i in 0..<batch {
            var single = net
            let l = single.forward(x.rowSlice(i, i + 1), training: true, rng: &rng)
            _ = single.backward(Loss.softmaxCrossEntropy(logits: l, labels: [labels[i]]).gradient)
            var g = [Float](repeating: 0, count: net.parameterCount)
            single.accumulateParameterGradients(into: &g)
            let naive = g.reduce(0) { $0 + $1 * $1 }
            #expect(naive > 0)
            #expect(abs(norms[i] - naive) <= 1e-4 * max(1, naive), "sample \(i)")
            for k in g.indices { expectedScaled[k] += scales[i] * g[k] }
        }
        #expect(TestSupport.maxRelativeError(scaled, expectedScaled, floor: 1e-3) < 1e-3)
    }
}
