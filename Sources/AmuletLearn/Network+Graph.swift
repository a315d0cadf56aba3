import AmuletTensor

extension Network {
    /// Forward through a directed acyclic graph of layers: each layer reads the sum of its
    /// inputs' outputs (one input is the common case; two make a residual block's Add).
    ///
    /// A sum is written into a buffer the network keeps between steps, so a training step of
    /// a ResNet allocates no activation-sized matrix.
    ///
    /// Reference: He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition",
    /// CVPR 2016 (y = F(x) + x).
    mutating func graphForward(
        _ input: Matrix, inputs: [[Int]], training: Bool, rng: inout SeededGenerator
    ) -> Matrix {
        var outputs: [Matrix] = []
        outputs.reserveCapacity(layers.count)
        for i in layers.indices {
            let list = inputs[i]
            let first = list[0] < 0 ? input : outputs[list[0]]
            guard list.count > 1 else {
                outputs.append(
                    layers[i].forward(
                        first, parameters: parameters, state: &state, training: training,
                        rng: &rng))
                continue
            }
            var total = graphWorkspace.take(.sum, i)
            total.assign(first)
            for j in list.dropFirst() { total.add(j < 0 ? input : outputs[j]) }
            outputs.append(
                layers[i].forward(
                    total, parameters: parameters, state: &state, training: training, rng: &rng))
            graphWorkspace.put(total, .sum, i)
        }
        return outputs.last ?? input
    }

    /// Back-propagates through the graph in reverse topological order.
    ///
    /// A layer's ∂L/∂output is the sum of what its consumers send back, and a sum node sends
    /// the same gradient to each of its inputs. Returns ∂L/∂input of the network.
    mutating func graphBackward(_ outputGradient: Matrix, inputs: [[Int]]) -> Matrix {
        // Slot `layers.count` gathers ∂L/∂input.
        var gradients = [Matrix?](repeating: nil, count: layers.count + 1)
        var summed = [Bool](repeating: false, count: layers.count + 1)
        gradients[layers.count - 1] = outputGradient
        for i in layers.indices.reversed() {
            guard let g = gradients[i] else { continue }
            gradients[i] = nil
            if summed[i] { graphWorkspace.put(g, .gradient, i) }
            let gx = layers[i].backward(g, parameters: parameters)
            for j in inputs[i] {
                let slot = j < 0 ? layers.count : j
                guard var total = gradients[slot] else {
                    gradients[slot] = gx
                    continue
                }
                // The first consumer's gradient is that layer's own buffer: sum into ours.
                if !summed[slot] {
                    let firstGradient = total
                    gradients[slot] = nil
                    total = graphWorkspace.take(.gradient, slot)
                    total.assign(firstGradient)
                    summed[slot] = true
                } else {
                    gradients[slot] = nil
                }
                total.add(gx)
                gradients[slot] = total
            }
        }
        guard let inputGradient = gradients[layers.count] else {
            return Matrix(rows: outputGradient.rows, cols: inputWidth)
        }
        if summed[layers.count] { graphWorkspace.put(inputGradient, .gradient, layers.count) }
        return inputGradient
    }
}

/// Buffers a graph network keeps between steps: per layer, the sum of its inputs (forward)
/// and the sum of its consumers' gradients (backward).
struct GraphWorkspace: Sendable {
    /// Which of a layer's buffers.
    enum Kind { case sum, gradient }

    private var sums: [Int: Matrix] = [:]
    private var gradients: [Int: Matrix] = [:]

    /// Layer `index`'s buffer of `kind`, removed so that the caller holds its only reference
    /// (writing into it then copies nothing).
    mutating func take(_ kind: Kind, _ index: Int) -> Matrix {
        switch kind {
        case .sum: return sums.removeValue(forKey: index) ?? Matrix(rows: 0, cols: 0)
        case .gradient: return gradients.removeValue(forKey: index) ?? Matrix(rows: 0, cols: 0)
        }
    }

    /// Where layer `index`'s buffer of `kind` starts, if it has one (for tests: proof that a
    /// step reused it).
    func address(_ kind: Kind, _ index: Int) -> UInt? {
        let buffer = kind == .sum ? sums[index] : gradients[index]
        return buffer?.storage.withUnsafeBufferPointer {
            $0.baseAddress.map { UInt(bitPattern: $0) }
        }
    }

    /// Keeps `buffer` as layer `index`'s buffer of `kind` for the next step.
    mutating func put(_ buffer: Matrix, _ kind: Kind, _ index: Int) {
        switch kind {
        case .sum: sums[index] = buffer
        case .gradient: gradients[index] = buffer
        }
    }
}
