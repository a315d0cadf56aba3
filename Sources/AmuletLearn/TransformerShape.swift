/// The sizes of a transformer encoder and where each weight sits in its parameter block.
///
/// Layout, from the block's start: the embedding table (vocabulary × width), then per layer
/// W_qkv (width × 3·width), b_qkv, W_o (width × width), b_o, γ₁, β₁, W₁ (width × hidden), b₁,
/// W₂ (hidden × width), b₂, γ₂, β₂. Weights are stored input × output.
public struct TransformerShape: Sendable, Hashable, Codable {
    /// Rows of the embedding table.
    public var vocabulary: Int
    /// Tokens per input row.
    public var length: Int
    /// Model width d.
    public var width: Int
    /// Feed-forward width.
    public var hidden: Int
    /// Encoder layers.
    public var layers: Int

    /// A shape.
    public init(vocabulary: Int, length: Int, width: Int, hidden: Int, layers: Int) {
        self.vocabulary = max(2, vocabulary)
        self.length = length
        self.width = width
        self.hidden = hidden
        self.layers = layers
    }

    /// Offsets of one layer's weights relative to the start of the whole block.
    struct Block {
        var qkv: Int
        var qkvBias: Int
        var output: Int
        var outputBias: Int
        var gamma1: Int
        var beta1: Int
        var feed1: Int
        var feed1Bias: Int
        var feed2: Int
        var feed2Bias: Int
        var gamma2: Int
        var beta2: Int
    }

    /// Parameters of one encoder layer.
    var blockSize: Int {
        let (d, f) = (width, hidden)
        return 3 * d * d + 3 * d + d * d + d + 2 * d + d * f + f + f * d + d + 2 * d
    }

    /// All parameters: the table and every layer.
    public var parameterCount: Int { vocabulary * width + layers * blockSize }

    /// The offsets of layer `l`, relative to the start of the block.
    func block(_ l: Int) -> Block {
        let (d, f) = (width, hidden)
        let start = vocabulary * width + l * blockSize
        let qkvBias = start + 3 * d * d
        let output = qkvBias + 3 * d
        let outputBias = output + d * d
        let gamma1 = outputBias + d
        let beta1 = gamma1 + d
        let feed1 = beta1 + d
        let feed1Bias = feed1 + d * f
        let feed2 = feed1Bias + f
        let feed2Bias = feed2 + f * d
        let gamma2 = feed2Bias + d
        return Block(
            qkv: start, qkvBias: qkvBias, output: output, outputBias: outputBias, gamma1: gamma1,
            beta1: beta1, feed1: feed1, feed1Bias: feed1Bias, feed2: feed2, feed2Bias: feed2Bias,
            gamma2: gamma2, beta2: gamma2 + d)
    }
}
