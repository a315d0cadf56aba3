import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

/// The batched convolution (chunks of images, two halves of the batch) against a direct
/// convolution written out in this file: outputs, input gradients, parameter gradients (plain
/// and row-scaled) and per-sample squared gradient norms.
@Suite struct ConvolutionReferenceTests {
    /// One layer and batch to check: channels, image size, kernel, stride, padding, batch.
    struct Case: Sendable, CustomTestStringConvertible {
        var inputChannels: Int
        var outputChannels: Int
        var height: Int
        var width: Int
        var kernel: Int
        var stride: Int
        var padding: Int
        var batch: Int
        var testDescription: String {
            "\(inputChannels)→\(outputChannels) \(height)×\(width) k\(kernel) s\(stride) "
                + "p\(padding) batch \(batch)"
        }
    }

    /// The direct convolution, in Double: y[b, o, oy, ox] = b_o + Σ W[o, c, i, j]·x[b, c, y, x]
    /// over the taps inside the image, with y = oy·s + i − p and x = ox·s + j − p.
    struct Direct {
        let c: Case
        var outHeight: Int { (c.height + 2 * c.padding - c.kernel) / c.stride + 1 }
        var outWidth: Int { (c.width + 2 * c.padding - c.kernel) / c.stride + 1 }
        var patch: Int { c.inputChannels * c.kernel * c.kernel }

        /// Calls `body(b, o, outputIndex, weightIndex, inputIndex)` for every tap inside the image.
        func forEachTap(_ body: (Int, Int, Int, Int, Int) -> Void) {
            let (k, s, p) = (c.kernel, c.stride, c.padding)
            for b in 0..<c.batch {
                for o in 0..<c.outputChannels {
                    for oy in 0..<outHeight {
                        for ox in 0..<outWidth {
                            let out = ((b * c.outputChannels + o) * outHeight + oy) * outWidth + ox
                            for ch in 0..<c.inputChannels {
                                for i in 0..<k {
                                    for j in 0..<k {
                                        let y = oy * s + i - p
                                        let x = ox * s + j - p
                                        guard y >= 0, y < c.height, x >= 0, x < c.width else {
                                            continue
                                        }
                                        let w = o * patch + (ch * k + i) * k + j
                                        let input =
                                            ((b * c.inputChannels + ch) * c.height + y) * c.width
                                            + x
                                        body(b, o, out, w, input)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        func forward(_ x: [Float], _ parameters: [Float]) -> [Float] {
            let positions = outHeight * outWidth
            var y = [Double](repeating: 0, count: c.batch * c.outputChannels * positions)
            for index in y.indices {
                y[index] = Double(
                    parameters[
                        patch * c.outputChannels + index / positions
                            % c.outputChannels])
            }
            forEachTap { _, _, out, w, input in y[out] += Double(parameters[w]) * Double(x[input]) }
            return y.map { Float($0) }
        }

        /// ∂L/∂x, ∂L/∂θ (weights then biases, each sample's term times `scales[b]`) and each
        /// sample's squared parameter-gradient norm, for the output gradient `g`.
        func backward(_ x: [Float], _ parameters: [Float], _ g: [Float], scales: [Float])
            -> (input: [Float], parameters: [Float], norms: [Float])
        {
            let positions = outHeight * outWidth
            var dx = [Double](repeating: 0, count: x.count)
            var perSample = [[Double]](
                repeating: [Double](repeating: 0, count: parameters.count), count: c.batch)
            forEachTap { b, _, out, w, input in
                dx[input] += Double(parameters[w]) * Double(g[out])
                perSample[b][w] += Double(g[out]) * Double(x[input])
            }
            for (index, value) in g.enumerated() {
                let b = index / (c.outputChannels * positions)
                let o = index / positions % c.outputChannels
                perSample[b][patch * c.outputChannels + o] += Double(value)
            }
            var total = [Double](repeating: 0, count: parameters.count)
            for b in 0..<c.batch {
                for k in total.indices { total[k] += Double(scales[b]) * perSample[b][k] }
            }
            return (
                dx.map { Float($0) }, total.map { Float($0) },
                perSample.map { Float($0.reduce(0) { $0 + $1 * $1 }) }
            )
        }
    }

    static let cases = [
        // Stride 1 and 2, padding 0 and 1, odd sizes; the larger batches cross the two-halves
        // and several-images-per-chunk thresholds, with ragged last chunks (halves of 8 and 11,
        // chunks of 4; halves of 8 and 9 with chunks of up to 10).
        Case(
            inputChannels: 1, outputChannels: 2, height: 5, width: 7, kernel: 3, stride: 1,
            padding: 0, batch: 3),
        Case(
            inputChannels: 3, outputChannels: 4, height: 7, width: 5, kernel: 3, stride: 2,
            padding: 1, batch: 2),
        Case(
            inputChannels: 5, outputChannels: 3, height: 6, width: 11, kernel: 2, stride: 2,
            padding: 0, batch: 4),
        Case(
            inputChannels: 2, outputChannels: 7, height: 9, width: 9, kernel: 1, stride: 1,
            padding: 1, batch: 5),
        Case(
            inputChannels: 4, outputChannels: 8, height: 12, width: 12, kernel: 3, stride: 1,
            padding: 1, batch: 19),
        Case(
            inputChannels: 8, outputChannels: 16, height: 15, width: 13, kernel: 3, stride: 2,
            padding: 1, batch: 17),
    ]

    @Test(arguments: cases)
    func batchedConvolutionMatchesTheDirectConvolution(_ c: Case) {
        var rng = SeededGenerator(seed: 31)
        let shape = ImageShape(channels: c.inputChannels, height: c.height, width: c.width)
        let conv = Conv2D(
            inputShape: shape, outputChannels: c.outputChannels, kernelSize: c.kernel,
            padding: c.padding, stride: c.stride)
        let direct = Direct(c: c)
        #expect(conv.outputShape.height == direct.outHeight)
        #expect(conv.outputShape.width == direct.outWidth)
        var network = Network(
            layers: [conv], inputWidth: shape.pixelCount,
            outputWidth: conv.outputShape.pixelCount, rng: &rng)
        let x = TestSupport.randomMatrix(rows: c.batch, cols: shape.pixelCount, rng: &rng)
        let g = TestSupport.randomMatrix(
            rows: c.batch, cols: conv.outputShape.pixelCount, rng: &rng)
        let scales = (0..<c.batch).map { Float($0 % 4 + 1) * 0.25 }
        let parameters = network.parameters

        // Sums of up to 2,736 float products, compared with a floor of 0.1 on the scale (the
        // values are of order 1 to 20): rounding stays below 1e-5, a misplaced tap is order 1.
        let y = network.forward(x, training: true, rng: &rng)
        let expectedY = direct.forward(x.storage, parameters)
        #expect(TestSupport.maxRelativeError(y.storage, expectedY, floor: 0.1) < 1e-4)

        let dx = network.backward(g)
        let expected = direct.backward(x.storage, parameters, g.storage, scales: scales)
        let plain = direct.backward(
            x.storage, parameters, g.storage, scales: [Float](repeating: 1, count: c.batch))
        #expect(TestSupport.maxRelativeError(dx.storage, expected.input, floor: 0.1) < 1e-4)

        var gradient = [Float](repeating: 0, count: network.parameterCount)
        network.accumulateParameterGradients(into: &gradient)
        #expect(TestSupport.maxRelativeError(gradient, plain.parameters, floor: 0.1) < 1e-4)
        var scaled = [Float](repeating: 0, count: network.parameterCount)
        network.accumulateParameterGradients(rowScale: scales, into: &scaled)
        #expect(TestSupport.maxRelativeError(scaled, expected.parameters, floor: 0.1) < 1e-4)
        let norms = network.perSampleSquaredGradientNorms(batch: c.batch)
        #expect(TestSupport.maxRelativeError(norms, expected.norms, floor: 0.1) < 1e-4)
    }

    @Test func maxPoolMatchesTheFirstMaximumOfEachWindowWithManyTies() {
        // Values from {0, 1, 2, 3}: most windows hold ties. Width 21 pools to 10 columns (one
        // run of eight SIMD lanes, two single windows, a dropped column); 50 images cross the
        // two-halves threshold.
        var rng = SeededGenerator(seed: 32)
        let shape = ImageShape(channels: 3, height: 7, width: 21)
        let batch = 50
        var x = Matrix(rows: batch, cols: shape.pixelCount)
        for i in x.storage.indices { x.storage[i] = Float(rng.integer(below: 4)) }
        let g = TestSupport.randomMatrix(rows: batch, cols: 3 * 3 * 10, rng: &rng)
        var network = Network(
            layers: [MaxPool2D(inputShape: shape)], inputWidth: shape.pixelCount,
            outputWidth: 90, rng: &rng)
        let y = network.forward(x, training: true, rng: &rng)
        let dx = network.backward(g)
        var expectedY = [Float]()
        var expectedDX = [Float](repeating: 0, count: x.count)
        for b in 0..<batch {
            for c in 0..<3 {
                for oy in 0..<3 {
                    for ox in 0..<10 {
                        var best = -1
                        for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                            let at =
                                b * shape.pixelCount + c * shape.planeSize + (2 * oy + i) * 21
                                + 2 * ox + j
                            if best < 0 || x.storage[at] > x.storage[best] { best = at }
                        }
                        expectedDX[best] += g.storage[expectedY.count]
                        expectedY.append(x.storage[best])
                    }
                }
            }
        }
        #expect(y.storage == expectedY)
        #expect(dx.storage == expectedDX)
    }

    @Test func averagePoolMatchesTheMeanOfEachWindow() {
        // 3×10 windows over 7×21 images: window rows longer than eight lanes, ragged edges.
        var rng = SeededGenerator(seed: 33)
        let shape = ImageShape(channels: 2, height: 7, width: 21)
        let batch = 40
        let x = TestSupport.randomMatrix(rows: batch, cols: shape.pixelCount, rng: &rng)
        let g = TestSupport.randomMatrix(rows: batch, cols: 2 * 2 * 2, rng: &rng)
        var network = Network(
            layers: [AveragePool2D(inputShape: shape, windowHeight: 3, windowWidth: 10)],
            inputWidth: shape.pixelCount, outputWidth: 8, rng: &rng)
        let y = network.forward(x, training: true, rng: &rng)
        let dx = network.backward(g)
        var expectedY = [Float]()
        var expectedDX = [Float](repeating: 0, count: x.count)
        for b in 0..<batch {
            for c in 0..<2 {
                for oy in 0..<2 {
                    for ox in 0..<2 {
                        let o = expectedY.count
                        var total = 0.0
                        for i in 0..<3 {
                            for j in 0..<10 {
                                let at =
                                    b * shape.pixelCount + c * shape.planeSize + (3 * oy + i) * 21
                                    + 10 * ox + j
                                total += Double(x.storage[at])
                                expectedDX[at] = g.storage[o] / 30
                            }
                        }
                        expectedY.append(Float(total / 30))
                    }
                }
            }
        }
        #expect(TestSupport.maxRelativeError(y.storage, expectedY, floor: 1e-3) < 1e-5)
        #expect(TestSupport.maxRelativeError(dx.storage, expectedDX, floor: 1e-3) < 1e-6)
    }

    @Test func convolutionGivesTheSameBitsOnOneCoreAsOnTwo() {
        // 48 images of 16×16, 8 → 16 channels: two halves of the batch, chunks of two images,
        // and products above the split threshold. Run once with every product and half on this
        // thread, once with the helper free: the cut is fixed by the shapes, so every bit of the
        // output, the input gradient, the parameter gradient and the norms must agree.
        var rng = SeededGenerator(seed: 34)
        let shape = ImageShape(channels: 8, height: 16, width: 16)
        let conv = Conv2D(inputShape: shape, outputChannels: 16, kernelSize: 3, padding: 1)
        let network = Network(
            layers: [conv], inputWidth: shape.pixelCount,
            outputWidth: conv.outputShape.pixelCount, rng: &rng)
        let x = TestSupport.randomMatrix(rows: 48, cols: shape.pixelCount, rng: &rng)
        let g = TestSupport.randomMatrix(rows: 48, cols: conv.outputShape.pixelCount, rng: &rng)
        let scales = (0..<48).map { Float($0 % 5 + 1) * 0.2 }
        func run() -> [[Float]] {
            var copy = network
            var unused = SeededGenerator(seed: 0)
            let y = copy.forward(x, training: true, rng: &unused)
            let dx = copy.backward(g)
            var gradient = [Float](repeating: 0, count: copy.parameterCount)
            copy.accumulateParameterGradients(rowScale: scales, into: &gradient)
            return [y.storage, dx.storage, gradient, copy.perSampleSquaredGradientNorms(batch: 48)]
        }
        let oneCore = BLASThreads.withSerialProducts { run() }
        let twoCores = run()
        #expect(oneCore.count == 4)
        for (serial, split) in zip(oneCore, twoCores) {
            #expect(serial == split)
        }
        #expect(twoCores[2].contains { $0 != 0 })
    }
}
