import AmuletTensor

/// A text classifier: a sentence encoder over token ids, then a dense head.
///
/// The encoder is an embedding bag (fastText: the mean of the words' embeddings) or a small
/// transformer encoder (mean of its token vectors); the head is the mlp's dense + ReLU layers
/// and a dense output. The vocabulary size and row length come from the dataset the model is
/// declared on, so the embedding table has exactly one row per id.
///
/// References: Joulin et al., "Bag of Tricks for Efficient Text Classification", EACL 2017;
/// Vaswani et al., "Attention Is All You Need", NeurIPS 2017.
public struct TextModelConfiguration: Sendable, Hashable, Codable {
    /// How a sentence becomes one vector.
    public enum Encoder: Sendable, Hashable, Codable {
        /// The mean of the words' embeddings.
        case bag
        /// `layers` blocks of self-attention and a feed-forward network `hidden` wide.
        case transformer(layers: Int, hidden: Int)
    }

    /// The sentence encoder.
    public var encoder: Encoder
    /// Ids in the vocabulary (the embedding table's rows).
    public var vocabulary: Int
    /// Token ids per input row.
    public var length: Int
    /// Embedding (and model) width.
    public var width: Int
    /// Widths of the head's hidden dense layers.
    public var head: [Int]

    /// A configuration.
    public init(encoder: Encoder, vocabulary: Int, length: Int, width: Int, head: [Int]) {
        self.encoder = encoder
        self.vocabulary = max(2, vocabulary)
        self.length = length
        self.width = width
        self.head = head
    }

    /// The same model over a vocabulary of `count` ids.
    public func withVocabulary(_ count: Int) -> TextModelConfiguration {
        var copy = self
        copy.vocabulary = max(2, count)
        return copy
    }

    /// `fasttext-64` or `transformer-2x64`.
    public var label: String {
        switch encoder {
        case .bag: return "fasttext-\(width)"
        case .transformer(let layers, _): return "transformer-\(layers)x\(width)"
        }
    }

    /// The transformer's shape (nil for the bag).
    public var transformerShape: TransformerShape? {
        guard case .transformer(let layers, let hidden) = encoder else { return nil }
        return TransformerShape(
            vocabulary: vocabulary, length: length, width: width, hidden: hidden, layers: layers)
    }

    /// The encoder's parameters.
    var encoderParameterCount: Int {
        transformerShape?.parameterCount ?? MemoryBudget.product(vocabulary, width)
    }

    /// Every trainable parameter, head included.
    public func parameterCount(classes: Int) -> Int {
        var total = encoderParameterCount
        var inWidth = width
        for units in head + [classes] {
            total = MemoryBudget.sum(total, MemoryBudget.product(inWidth, units), units)
            inWidth = units
        }
        return total
    }

    /// The widths of one row's activations (input ids, encoder tokens, head, output).
    public func activationWidth(classes: Int) -> Int {
        var total = MemoryBudget.sum(length, width, classes)
        if case .transformer(let layers, let hidden) = encoder {
            // Per layer and token: qkv, mixed, two norms, two feed-forward maps and the input.
            let perToken = MemoryBudget.sum(MemoryBudget.product(7, width), 2 * hidden)
            total = MemoryBudget.sum(
                total, MemoryBudget.product(MemoryBudget.product(length, layers), perToken))
        }
        for units in head { total = MemoryBudget.sum(total, units) }
        return total
    }

    /// The layers: encoder, head, output.
    public func layers(classes: Int) -> [any Layer] {
        var layers: [any Layer]
        if let shape = transformerShape {
            layers = [TransformerEncoder(shape: shape)]
        } else {
            layers = [EmbeddingBag(vocabulary: vocabulary, width: width, length: length)]
        }
        var inWidth = width
        for units in head {
            layers.append(Dense(inputWidth: inWidth, outputWidth: units))
            layers.append(ReLU())
            inWidth = units
        }
        layers.append(Dense(inputWidth: inWidth, outputWidth: classes))
        return layers
    }
}
