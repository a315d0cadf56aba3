import AmuletLearn
import AmuletTensor

/// A trained network seen as sets of neurons: per dense layer, one row [wₖ, bₖ] per neuron.
///
/// Row k of layer ℓ holds neuron k's incoming weights followed by its bias, shape
/// (outputs, inputs + 1). Reordering a layer's neurons reorders its rows; a permutation-invariant
/// meta-classifier gives the same answer either way. Batch-norm statistics are left out, as in
/// the Python Amulet's weight extraction.
/// Reference: Ganju et al., "Property Inference Attacks on Fully Connected Neural Networks
/// using Permutation Invariant Representations", CCS 2018, section 4.
struct NeuronRows: Sendable {
    /// One matrix per dense layer, first to last.
    var layers: [Matrix]

    /// The neuron rows of `network`'s dense layers.
    init(_ network: Network) {
        var layers: [Matrix] = []
        for case let dense as Dense in network.layers {
            let width = dense.inputWidth + 1
            var rows = Matrix(rows: dense.outputWidth, cols: width)
            let weights = dense.parameterOffset
            let biases = weights + dense.outputWidth * dense.inputWidth
            for k in 0..<dense.outputWidth {
                for i in 0..<dense.inputWidth {
                    rows[k, i] = network.parameters[weights + k * dense.inputWidth + i]
                }
                rows[k, dense.inputWidth] = network.parameters[biases + k]
            }
            layers.append(rows)
        }
        self.layers = layers
    }

    /// Rows given directly (tests).
    init(layers: [Matrix]) {
        self.layers = layers
    }

    /// Per layer, (neurons, width): what a meta-classifier built for these models expects.
    var shapes: [Shape] { layers.map(\.shape) }
}
