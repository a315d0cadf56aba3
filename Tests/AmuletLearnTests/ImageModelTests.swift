import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

/// VGG and ResNet: the new layers (strided convolution, batch-norm over channels, group norm)
/// and the whole networks against finite differences, their sizes against the papers' layer
/// tables counted by hand, and a narrow ResNet-20 learning generated 32×32 images.
@Suite struct ImageModelTests {
    func network(_ layers: [any Layer], input: Int, output: Int) -> Network {
        var rng = SeededGenerator(seed: 1)
        return Network(layers: layers, inputWidth: input, outputWidth: output, rng: &rng)
    }

    @Test(arguments: [(3, 1, 2), (1, 0, 2), (3, 1, 3)])
    func stridedConvolutionBackwardMatchesFiniteDifferences(kernel: Int, padding: Int, stride: Int)
    {
        var rng = SeededGenerator(seed: 31)
        let shape = ImageShape(channels: 2, height: 7, width: 6)
        let x = TestSupport.randomMatrix(rows: 3, cols: shape.pixelCount, rng: &rng)
        let conv = Conv2D(
            inputShape: shape, outputChannels: 3, kernelSize: kernel, padding: padding,
            stride: stride)
        GradientCheckTests().check(
            network: network([conv], input: shape.pixelCount, output: conv.outputShape.pixelCount),
            input: x)
    }

    @Test func stridedConvolutionPicksEveryOtherPosition() {
        // A 1×1 kernel of weight 1 and bias 0 with stride 2 keeps pixels (0,0), (0,2), (2,0), (2,2)
        // of a 3×3 image whose pixel (y, x) holds 10y + x; the output side is ⌊(3 − 1)/2⌋ + 1 = 2.
        let shape = ImageShape(channels: 1, height: 3, width: 3)
        var net = network(
            [Conv2D(inputShape: shape, outputChannels: 1, kernelSize: 1, padding: 0, stride: 2)],
            input: 9, output: 4)
        net.parameters = [1, 0]
        let image: [Float] = [0, 1, 2, 10, 11, 12, 20, 21, 22]
        var rng = SeededGenerator(seed: 0)
        let y = net.forward(Matrix(rows: 1, cols: 9, storage: image), training: false, rng: &rng)
        #expect(y.storage == [0, 2, 20, 22])
    }

    @Test func channelBatchNormTrainingBackwardMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 32)
        let shape = ImageShape(channels: 3, height: 2, width: 3)
        let x = TestSupport.randomMatrix(rows: 4, cols: shape.pixelCount, rng: &rng)
        let layers: [any Layer] = [
            BatchNorm2D(shape: shape), Dense(inputWidth: shape.pixelCount, outputWidth: 4),
        ]
        var net = network(layers, input: shape.pixelCount, output: 4)
        // γ ≠ 1, β ≠ 0, so their gradients are exercised.
        net.parameters[0..<6] = [1.5, 0.5, -1, 0.2, -0.3, 0.1]
        GradientCheckTests().check(network: net, input: x)
    }

    @Test func channelBatchNormNormalisesEachChannelOverBatchAndPixels() {
        // Channel 0 holds 1, 2, 3, 4 across two images of two pixels: mean 2.5, variance 1.25.
        let shape = ImageShape(channels: 2, height: 1, width: 2)
        var net = network([BatchNorm2D(shape: shape, epsilon: 0)], input: 4, output: 4)
        var rng = SeededGenerator(seed: 0)
        let x = Matrix([[1, 2, 5, 5], [3, 4, 7, 7]])
        let y = net.forward(x, training: true, rng: &rng)
        let s = Float(1.25).squareRoot()
        let expected: [Float] = [-1.5 / s, -0.5 / s, -1, -1, 0.5 / s, 1.5 / s, 1, 1]
        for (a, b) in zip(y.storage, expected) { #expect(abs(a - b) < 1e-5) }
        // Running statistics: 0.9·0 + 0.1·2.5 and 0.9·1 + 0.1·(1.25·4/3).
        #expect(abs(net.state[0] - 0.25) < 1e-6)
        #expect(abs(net.state[2] - (0.9 + 0.1 * 1.25 * 4 / 3)) < 1e-6)
    }

    @Test func groupNormBackwardMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 33)
        let shape = ImageShape(channels: 4, height: 2, width: 2)
        let x = TestSupport.randomMatrix(rows: 3, cols: shape.pixelCount, rng: &rng)
        var net = network(
            [GroupNorm(shape: shape, groups: 2), Dense(inputWidth: 16, outputWidth: 3)],
            input: 16, output: 3)
        net.parameters[0..<8] = [1.5, 0.5, -1, 2, 0.2, -0.3, 0.1, 0]
        GradientCheckTests().check(network: net, input: x)
    }

    @Test func groupNormPerSampleNormsMatchOneSampleAtATime() {
        var rng = SeededGenerator(seed: 34)
        let image = ImageShape(channels: 1, height: 6, width: 6)
        let configuration = ImageModelConfiguration(
            family: .resnet, depth: 20, width: 0.25, normalization: .group, image: image)
        let base = Architecture.imageModel(configuration).build(
            inputWidth: 36, classes: 3, rng: &rng)
        let x = TestSupport.randomMatrix(rows: 4, cols: 36, rng: &rng)
        let labels = [0, 1, 2, 1]
        var net = base
        #expect(net.isPerSampleSeparable)
        let logits = net.forward(x, training: true, rng: &rng)
        var loss = Loss.softmaxCrossEntropy(logits: logits, labels: labels)
        loss.gradient.scale(by: Float(labels.count))
        net.backwardForParameterGradients(loss.gradient)
        let norms = net.perSampleSquaredGradientNorms(batch: labels.count)
        for i in labels.indices {
            var single = base
            let out = single.forward(x.rowSlice(i, i + 1), training: true, rng: &rng)
            let one = Loss.softmaxCrossEntropy(logits: out, labels: [labels[i]])
            _ = single.backward(one.gradient)
            var gradient = [Float](repeating: 0, count: single.parameterCount)
            single.accumulateParameterGradients(into: &gradient)
            let expected = gradient.reduce(0) { $0 + $1 * $1 }
            #expect(
                TestSupport.isClose(Double(norms[i]), Double(expected), relativeTolerance: 1e-3),
                "sample \(i): \(norms[i]) vs \(expected)")
        }
    }

    /// A tiny network of the family for 2×16×16 images and 3 classes: its wiring, with the
    /// ReLUs made tanh and the batch-norms the identity.
    ///
    /// The check is of the wiring (strides, projections, residual sums, bottlenecks, pooling,
    /// the dense head, dropout) with every convolution's backward in place; ReLU, batch-norm
    /// and group norm have their own finite-difference checks above and in
    /// `GradientCheckTests`. Through 20–50 normalised layers of one or two channels, Float32
    /// central differences are themselves off by 5–50% (measured: ResNet-50 at width 1/64 is
    /// off by 0.3–0.8 with batch-norm, 0.03–0.2 with group norm, 1e-5 with neither), and a
    /// ±1e-3 probe moves hundreds of pre-activations across ReLU's kink.
    func tiny(_ family: ImageModelConfiguration.Family, depth: Int, width: Double) -> Network {
        var rng = SeededGenerator(seed: 35)
        let configuration = ImageModelConfiguration(
            family: family, depth: depth, width: width,
            image: ImageShape(channels: 2, height: 16, width: 16))
        var graph = configuration.graph(classes: 3)
        for i in graph.nodes.indices {
            if graph.nodes[i].layer == .relu { graph.nodes[i].layer = .activation(.tanh) }
            if graph.nodes[i].layer.isBatchNorm { graph.nodes[i].layer = .identity }
        }
        #expect(graph.nodes.contains { $0.inputs.count == 2 } == (family == .resnet))
        return graph.build(rng: &rng)
    }

    /// L = Σ logits ⊙ R along random directions of (θ, x): the analytic directional
    /// derivative ∇θL·u + ∇ₓL·v against the central difference
    /// (L(θ + εu, x + εv) − L(θ − εu, x − εv)) / 2ε, one relative error per direction.
    ///
    /// A directional derivative moves every weight at once, so the few max-pool windows or
    /// batch-norm statistics a ±1e-3 step switches perturb it only at second order, where the
    /// per-weight maximum of `GradientCheckTests.check` is decided by the one weight whose
    /// probe crosses a kink; a wiring error (a missing residual sum, a wrong stride) changes
    /// the derivative at first order.
    func directionalErrors(_ original: Network, input: Matrix, directions: Int) -> [Double] {
        var rng = SeededGenerator(seed: 99)
        var network = original
        let logits = network.forward(input, training: true, rng: &rng)
        let r = TestSupport.randomMatrix(rows: logits.rows, cols: logits.cols, rng: &rng)
        let inputGradient = network.backward(r)
        var parameterGradient = [Float](repeating: 0, count: network.parameterCount)
        network.accumulateParameterGradients(into: &parameterGradient)
        func loss(_ parameters: [Float], _ x: Matrix) -> Double {
            var probe = original
            probe.parameters = parameters
            var probeRNG = SeededGenerator(seed: 99)
            let y = probe.forward(x, training: true, rng: &probeRNG)
            return zip(y.storage, r.storage).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        var errors: [Double] = []
        var directionRNG = SeededGenerator(seed: 7)
        let epsilon: Float = 1e-3
        for _ in 0..<directions {
            let u = (0..<original.parameterCount).map { _ in directionRNG.uniform(-1, 1) }
            let v = (0..<input.count).map { _ in directionRNG.uniform(-1, 1) }
            var analytic = 0.0
            for i in u.indices { analytic += Double(parameterGradient[i]) * Double(u[i]) }
            for i in v.indices { analytic += Double(inputGradient.storage[i]) * Double(v[i]) }
            func moved(_ sign: Float) -> Double {
                let theta = zip(original.parameters, u).map { $0 + sign * epsilon * $1 }
                let x = Matrix(
                    rows: input.rows, cols: input.cols,
                    storage: zip(input.storage, v).map { $0 + sign * epsilon * $1 })
                return loss(theta, x)
            }
            let numeric = (moved(1) - moved(-1)) / (2 * Double(epsilon))
            errors.append(abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1e-3))
        }
        return errors
    }

    @Test(arguments: [
        (ImageModelConfiguration.Family.vgg, 11, 1.0 / 32), (.resnet, 20, 0.125),
        (.resnet, 18, 1.0 / 32), (.resnet, 50, 1.0 / 64),
    ])
    func imageModelBackwardMatchesFiniteDifferences(
        family: ImageModelConfiguration.Family, depth: Int, width: Double
    ) {
        var rng = SeededGenerator(seed: 36)
        let x = TestSupport.randomMatrix(rows: 4, cols: 512, rng: &rng)
        // The bottleneck head's dropout draws the same mask in every probe (one seed).
        let errors = directionalErrors(
            tiny(family, depth: depth, width: width), input: x, directions: 4)
        // Measured: 1e-5 to 1e-4, and 1.3e-3 where a VGG max-pool window switches winner
        // inside the step; a wiring error is off by 0.1 or more.
        #expect(errors.allSatisfy { $0 < 1e-2 }, "relative errors \(errors)")
    }

    @Test func vgg11HasTheLayersOfTheCapacityMap() {
        // VGG11 for 3×32×32 and 10 classes, counted from its table (3×3 convolutions with bias,
        // batch-norm γ and β per channel, one dense layer): the widely quoted 9,231,114 of
        // kuangliu/pytorch-cifar's VGG('VGG11'), which the Python Amulet adapts.
        let widths = [3, 64, 128, 256, 256, 512, 512, 512, 512]
        var expected = 0
        for i in 1..<widths.count {
            expected += widths[i - 1] * widths[i] * 9 + widths[i] + 2 * widths[i]
        }
        expected += 512 * 10 + 10
        #expect(expected == 9_231_114)
        let configuration = ImageModelConfiguration(
            family: .vgg, depth: 11, width: 1, image: ImageShape(channels: 3, height: 32, width: 32)
        )
        #expect(
            Architecture.imageModel(configuration).parameterCount(inputWidth: 3072, classes: 10)
                == expected)
    }

    @Test func resNet20HasThreeStagesOfThreeBlocks() {
        // He et al. §4.2: 6n + 2 = 20 layers, n = 3 blocks per stage of 16, 32, 64 filters; the
        // paper's option-A count is 0.27M. Here the shortcuts that change shape are 1×1
        // projections (option B) and convolutions keep a bias, counted by hand below.
        func conv(_ i: Int, _ o: Int, _ k: Int) -> Int { i * o * k * k + o + 2 * o }
        var expected = conv(3, 16, 3)
        for (stage, filters) in [16, 32, 64].enumerated() {
            let previous = stage == 0 ? 16 : filters / 2
            expected += conv(previous, filters, 3) + conv(filters, filters, 3)
            if stage > 0 { expected += conv(previous, filters, 1) }
            expected += 2 * 2 * conv(filters, filters, 3)
        }
        expected += 64 * 10 + 10
        let configuration = ImageModelConfiguration(
            family: .resnet, depth: 20, width: 1,
            image: ImageShape(channels: 3, height: 32, width: 32))
        let graph = configuration.graph(classes: 10)
        #expect(graph.parameterCount == expected)
        // 19 convolutions, 2 projections: 21 convolution nodes.
        let convolutions = graph.nodes.filter {
            switch $0.layer {
            case .convolution, .stridedConvolution: return true
            default: return false
            }
        }
        #expect(convolutions.count == 21)
        #expect(abs(Double(expected) - 270_000) / 270_000 < 0.05)
    }

    @Test func dpSubstitutesGroupNormForBatchNorm() {
        let configuration = ImageModelConfiguration(
            family: .vgg, depth: 11, width: 0.125,
            image: ImageShape(channels: 3, height: 8, width: 8))
        let architecture = Architecture.imageModel(configuration)
        #expect(architecture.usesBatchNorm)
        let private_ = architecture.withoutBatchNorm
        #expect(!private_.usesBatchNorm)
        #expect(private_.label == "vgg11-w0.125+gn")
        var rng = SeededGenerator(seed: 37)
        let net = private_.build(inputWidth: 192, classes: 4, rng: &rng)
        #expect(net.isPerSampleSeparable)
        #expect(net.layers.contains { $0 is GroupNorm })
        #expect(!net.layers.contains { $0 is BatchNorm2D })
        // Group counts: 8 channels → 4 groups, 64 → 32, 3 → 1.
        #expect(GroupNorm.defaultGroups(channels: 8) == 4)
        #expect(GroupNorm.defaultGroups(channels: 64) == 32)
        #expect(GroupNorm.defaultGroups(channels: 3) == 1)
    }

    @Test func narrowResNet20LearnsGeneratedImages() throws {
        // Three classes of 3×32×32 images on noise: no square, a bright square, a dark square,
        // each 8×8 at a random place (global pooling makes a ResNet blind to where, not to
        // what). Chance is 1/3; a network that sees the square is near 1.
        var rng = SeededGenerator(seed: 38)
        let shape = ImageShape(channels: 3, height: 32, width: 32)
        func images(_ count: Int) -> (Matrix, [Int]) {
            var x = Matrix(rows: count, cols: shape.pixelCount)
            var labels: [Int] = []
            for i in 0..<count {
                let label = i % 3
                labels.append(label)
                for j in 0..<shape.pixelCount { x[i, j] = rng.uniform(-0.5, 0.5) }
                guard label > 0 else { continue }
                let top = Int(rng.uniform(0, 24))
                let left = Int(rng.uniform(0, 24))
                for c in 0..<3 {
                    for y in top..<(top + 8) {
                        for xx in left..<(left + 8) {
                            x[i, c * 1024 + y * 32 + xx] += label == 1 ? 1.5 : -1.5
                        }
                    }
                }
            }
            return (x, labels)
        }
        let (train, trainLabels) = images(360)
        let (test, testLabels) = images(90)
        let configuration = ImageModelConfiguration(
            family: .resnet, depth: 20, width: 0.25, image: shape)
        let recipe = Recipe(
            architecture: .imageModel(configuration),
            optimizer: .adam(learningRate: 3e-3, weightDecay: 0), epochs: 6, batchSize: 16,
            seed: 5)
        let model = try Trainer().train(
            recipe, on: TrainingSet(features: train, labels: trainLabels, classCount: 3))
        let accuracy = model.network.accuracy(test, labels: testLabels)
        #expect(accuracy > 0.8, "test accuracy \(accuracy)")
    }
}
