import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletLearn

/// Graph networks (residual blocks): gradients against finite differences, per-sample norms
/// against per-sample gradients formed one sample at a time.
@Suite struct GraphNetworkTests {
    /// A residual network of every elementwise layer kind.
    ///
    /// x → affine → dense → relu ─┬─ dense → tanh → dense ─┬→ (+) → leaky → dense
    ///                            └────────────────────────┘
    func residualNetwork() -> Network {
        var rng = SeededGenerator(seed: 11)
        let layers: [any Layer] = [
            ConstantAffine(scale: [2, 0.5, -1, 1], shift: [0.1, 0, -0.2, 0.3]),
            Dense(inputWidth: 4, outputWidth: 5), ReLU(),
            Dense(inputWidth: 5, outputWidth: 5), Activation(.tanh),
            Dense(inputWidth: 5, outputWidth: 5),
            Flatten(), Activation(.leakyReLU(alpha: 0.1)), Dense(inputWidth: 5, outputWidth: 3),
        ]
        let inputs = [[-1], [0], [1], [2], [3], [4], [2, 5], [6], [7]]
        return Network(layers: layers, inputs: inputs, inputWidth: 4, outputWidth: 3, rng: &rng)
    }

    @Test func residualGraphBackwardMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 12)
        var x = TestSupport.randomMatrix(rows: 5, cols: 4, rng: &rng)
        // Keep ReLU and leaky-ReLU inputs away from their kinks for the ±1e-3 probes.
        for i in x.storage.indices where abs(x.storage[i]) < 0.05 { x.storage[i] = 0.4 }
        GradientCheckTests().check(network: residualNetwork(), input: x, tolerance: 3e-2)
    }

    @Test func sigmoidAndAveragePoolingMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 13)
        let image = ImageShape(channels: 1, height: 4, width: 4)
        let conv = Conv2D(inputShape: image, outputChannels: 2, kernelSize: 3, padding: 1)
        let layers: [any Layer] = [
            conv, Activation(.sigmoid),
            AveragePool2D(inputShape: conv.outputShape, windowHeight: 2, windowWidth: 2),
            AveragePool2D(
                inputShape: ImageShape(channels: 2, height: 2, width: 2), windowHeight: 2,
                windowWidth: 2),
            Dense(inputWidth: 2, outputWidth: 3),
        ]
        let network = Network(layers: layers, inputWidth: 16, outputWidth: 3, rng: &rng)
        let x = TestSupport.randomMatrix(rows: 3, cols: 16, rng: &rng)
        GradientCheckTests().check(network: network, input: x)
    }

    @Test func graphPerSampleNormsMatchOneSampleAtATime() {
        var rng = SeededGenerator(seed: 14)
        let x = TestSupport.randomMatrix(rows: 6, cols: 4, rng: &rng)
        let labels = [0, 1, 2, 0, 1, 2]
        var network = residualNetwork()
        let logits = network.forward(x, training: true, rng: &rng)
        var loss = Loss.softmaxCrossEntropy(logits: logits, labels: labels)
        loss.gradient.scale(by: Float(labels.count))
        network.backwardForParameterGradients(loss.gradient)
        let norms = network.perSampleSquaredGradientNorms(batch: labels.count)
        for i in labels.indices {
            var single = residualNetwork()
            let row = x.rowSlice(i, i + 1)
            let out = single.forward(row, training: true, rng: &rng)
            let one = Loss.softmaxCrossEntropy(logits: out, labels: [labels[i]])
            _ = single.backward(one.gradient)
            var gradient = [Float](repeating: 0, count: single.parameterCount)
            single.accumulateParameterGradients(into: &gradient)
            let expected = gradient.reduce(0) { $0 + $1 * $1 }
            #expect(
                TestSupport.isClose(Double(norms[i]), Double(expected), relativeTolerance: 1e-4),
                "sample \(i): \(norms[i]) vs \(expected)")
        }
    }

    /// A graph where the input and a dense layer each feed two consumers.
    ///
    /// x feeds a dense layer and a three-way sum; the dense layer's output feeds tanh and the
    /// sum: x ─┬─ dense ─┬─ tanh ─┐
    ///         │         └────────┤
    ///         └──────────────────┴─ (+) → dense
    func threeWaySum() -> Network {
        var rng = SeededGenerator(seed: 16)
        let layers: [any Layer] = [
            Dense(inputWidth: 4, outputWidth: 4), Activation(.tanh), Flatten(),
            Dense(inputWidth: 4, outputWidth: 3),
        ]
        return Network(
            layers: layers, inputs: [[-1], [0], [-1, 0, 1], [2]], inputWidth: 4, outputWidth: 3,
            rng: &rng)
    }

    @Test func inputGradientSumsEveryConsumerAndRepeatedStepsReuseTheSums() {
        var rng = SeededGenerator(seed: 17)
        let x = TestSupport.randomMatrix(rows: 3, cols: 4, rng: &rng)
        let g = TestSupport.randomMatrix(rows: 3, cols: 3, rng: &rng)
        var network = threeWaySum()
        _ = network.forward(x, training: true, rng: &rng)
        let gradient = network.backward(g)
        // ∂(Σ y⊙g)/∂x by central differences in the same network.
        func objective(_ input: Matrix) -> Double {
            var copy = threeWaySum()
            var noise = SeededGenerator(seed: 0)
            let y = copy.forward(input, training: false, rng: &noise)
            return zip(y.storage, g.storage).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        for k in x.storage.indices {
            var plus = x
            var minus = x
            plus.storage[k] += 1e-2
            minus.storage[k] -= 1e-2
            let numeric = (objective(plus) - objective(minus)) / 2e-2
            #expect(
                TestSupport.isClose(
                    Double(gradient.storage[k]), numeric, relativeTolerance: 1e-2,
                    absoluteTolerance: 1e-3),
                "∂/∂x[\(k)]: \(gradient.storage[k]) vs \(numeric)")
        }
        // A second step reuses the sum of node 2 and the summed gradients of x and node 0,
        // and computes the same bits.
        let addresses = [
            network.graphWorkspace.address(.sum, 2), network.graphWorkspace.address(.gradient, 0),
        ]
        #expect(addresses.allSatisfy { $0 != nil })
        network.releaseCaches(keepingWorkspaces: true)
        _ = network.forward(x, training: true, rng: &rng)
        let again = network.backward(g)
        #expect(again.storage == gradient.storage)
        #expect(
            [network.graphWorkspace.address(.sum, 2), network.graphWorkspace.address(.gradient, 0)]
                == addresses)
    }

    @Test func graphWithoutBatchNormIsPerSampleSeparable() {
        #expect(residualNetwork().isPerSampleSeparable)
    }
}
