import AmuletLearn
import AmuletTensor

/// A trained network seen as sets of neurons: per dense layer, one row [wₖ, bₖ] per neuron.
///
/// Row k of layer ℓ holds neuron k's incoming weights followed by its bias, shape
/// (outputs, inputs + 1). Reordering a layer's neurons reorders its rows; a permutation-invariant
/// meta-classifier gives the same answer either way. Where batch-norm follows a dense layer,
/// each row also carries the neuron's γ, β and running statistics (the Python Amulet's
/// extraction leaves them out).
/// Reference: Ganju et al., "Property Inference Attacks on Fully Connected Neural Networks
/// using Permutation Invariant Representations", CCS 2018, section 4.
struct NeuronRows: Sendable {
    /// One matrix per dense layer, first to last.
    var layers: [Matrix]

    /// The neuron rows of `network`'s dense layers, each with its batch-norm when one follows.
    init(_ network: Network) {
        var layers: [Matrix] = []
        for (index, layer) in network.layers.enumerated() {
            guard let dense = layer as? Dense else { continue }
            let normalization = network.layers.dropFirst(index + 1).first.flatMap {
                $0 as? BatchNorm
            }
            layers.append(Self.rows(of: dense, normalization: normalization, in: network))
        }
        self.layers = layers
    }

    /// Row k: [wₖ, bₖ] of `dense`, then γₖ, βₖ, running mean and variance of `normalization`.
    ///
    /// Batch-norm rescales every neuron, so with it the weights alone say little about the
    /// data; its running mean and variance are statistics of the training data itself, kept
    /// per neuron, so they permute with the neuron and belong on its row.
    static func rows(of dense: Dense, normalization: BatchNorm?, in network: Network) -> Matrix {
        let extra = normalization == nil ? 0 : 4
        let width = dense.inputWidth + 1 + extra
        var rows = Matrix(rows: dense.outputWidth, cols: width)
        let weights = dense.parameterOffset
        let biases = weights + dense.outputWidth * dense.inputWidth
        for k in 0..<dense.outputWidth {
            for i in 0..<dense.inputWidth {
                rows[k, i] = network.parameters[weights + k * dense.inputWidth + i]
            }
            rows[k, dense.inputWidth] = network.parameters[biases + k]
            if let bn = normalization, bn.width == dense.outputWidth {
                let column = dense.inputWidth + 1
                rows[k, column] = network.parameters[bn.parameterOffset + k]
                rows[k, column + 1] = network.parameters[bn.parameterOffset + bn.width + k]
                rows[k, column + 2] = network.state[bn.stateOffset + k]
                rows[k, column + 3] = network.state[bn.stateOffset + bn.width + k]
            }
        }
        return rows
    }

    /// Rows given directly (tests).
    init(layers: [Matrix]) {
        self.layers = layers
    }

    /// Per layer, (neurons, width): what a meta-classifier built for these models expects.
    var shapes: [Shape] { layers.map(\.shape) }
}
