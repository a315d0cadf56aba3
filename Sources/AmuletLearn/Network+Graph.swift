import AmuletTensor

extension Network {
    /// Forward through a directed acyclic graph of layers: each layer reads the sum of its
    /// inputs' outputs (one input is the common case; two make a residual block's Add).
    ///
    /// Reference: He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition",
    /// CVPR 2016 (y = F(x) + x).
    mutating func graphForward(
        _ input: Matrix, inputs: [[Int]], training: Bool, rng: inout SeededGenerator
    ) -> Matrix {
        var outputs: [Matrix] = []
        outputs.reserveCapacity(layers.count)
        for i in layers.indices {
            let x = Network.sum(of: inputs[i], input: input, outputs: outputs)
            outputs.append(
                layers[i].forward(
                    x, parameters: parameters, state: &state, training: training, rng: &rng))
        }
        return outputs.last ?? input
    }

    /// Back-propagates through the graph in reverse topological order.
    ///
    /// A layer's ∂L/∂output is
    /// the sum of what its consumers send back, and a sum node sends the same gradient to
    /// each of its inputs. Returns ∂L/∂input of the network.
    mutating func graphBackward(_ outputGradient: Matrix, inputs: [[Int]]) -> Matrix {
        var gradients = [Matrix?](repeating: nil, count: layers.count)
        var inputGradient: Matrix?
        gradients[layers.count - 1] = outputGradient
        for i in layers.indices.reversed() {
            guard let g = gradients[i] else { continue }
            let gx = layers[i].backward(g, parameters: parameters)
            for j in inputs[i] {
                if j < 0 {
                    inputGradient = Network.accumulate(inputGradient, gx)
                } else {
                    gradients[j] = Network.accumulate(gradients[j], gx)
                }
            }
            gradients[i] = nil
        }
        return inputGradient ?? Matrix(rows: outputGradient.rows, cols: inputWidth)
    }

    /// The sum of the listed outputs (−1 is the network's input).
    private static func sum(of list: [Int], input: Matrix, outputs: [Matrix]) -> Matrix {
        var total = list[0] < 0 ? input : outputs[list[0]]
        for j in list.dropFirst() { total.add(j < 0 ? input : outputs[j]) }
        return total
    }

    /// `existing + addition`, or `addition` alone (value semantics keep both operands intact).
    private static func accumulate(_ existing: Matrix?, _ addition: Matrix) -> Matrix {
        guard var total = existing else { return addition }
        total.add(addition)
        return total
    }
}
