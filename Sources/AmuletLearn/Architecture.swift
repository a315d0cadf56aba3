import AmuletTensor

/// A network architecture, independent of the data it will see (widths come from the data).
public enum Architecture: Sendable, Hashable, Codable {
    /// Multinomial logistic regression: one dense layer.
    case logisticRegression
    /// A multi-layer perceptron: dense + ReLU per hidden width, optional batch-norm and dropout.
    case mlp(hidden: [Int], batchNorm: Bool, dropout: Double)
    /// A convolutional network over images of a known shape.
    case cnn(ConvolutionalConfiguration)
    /// A graph of layers brought in from a file (ONNX), with the file's weights.
    case graph(GraphArchitecture)
    /// VGG or ResNet over images of a known shape (built as a graph network).
    case imageModel(ImageModelConfiguration)
    /// A text classifier over token ids (fastText-style bag or transformer encoder).
    case text(TextModelConfiguration)

    /// The hidden widths of the Python Amulet's capacities m1…m4.
    public static let capacities: [String: [Int]] = [
        "m1": [128, 256, 128],
        "m2": [256, 512, 256],
        "m3": [512, 1024, 512],
        "m4": [512, 1024, 1024, 512],
    ]

    /// A short label such as `mlp-m1` or `logreg`.
    public var label: String {
        switch self {
        case .logisticRegression:
            return "logreg"
        case .mlp(let hidden, let batchNorm, let dropout):
            let capacity = Architecture.capacities.first { $0.value == hidden }?.key
            var label = "mlp-" + (capacity ?? hidden.map(String.init).joined(separator: "-"))
            if batchNorm { label += "+bn" }
            if dropout > 0 { label += "+dropout" }
            return label
        case .cnn(let configuration):
            return configuration.label
        case .graph(let graph):
            return graph.label
        case .imageModel(let configuration):
            return configuration.label
        case .text(let configuration):
            return configuration.label
        }
    }

    /// Whether the architecture has layers that mix samples in a batch.
    public var usesBatchNorm: Bool {
        if case .mlp(_, true, _) = self { return true }
        if case .graph(let graph) = self { return graph.usesBatchNorm }
        if case .imageModel(let configuration) = self {
            return configuration.normalization == .batch
        }
        return false
    }

    /// The same architecture without batch-norm (DP-SGD needs per-sample separability).
    public var withoutBatchNorm: Architecture {
        if case .mlp(let hidden, _, let dropout) = self {
            return .mlp(hidden: hidden, batchNorm: false, dropout: dropout)
        }
        if case .graph(let graph) = self { return .graph(graph.withoutBatchNorm) }
        if case .imageModel(var configuration) = self {
            configuration.normalization = .group
            return .imageModel(configuration)
        }
        return self
    }

    /// The trainable parameters `build` would allocate, saturating at `Int.max` (never traps).
    public func parameterCount(inputWidth: Int, classes: Int) -> Int {
        if case .cnn(let configuration) = self {
            return configuration.parameterCount(classes: classes)
        }
        if case .graph(let graph) = self { return graph.parameterCount }
        if case .imageModel(let configuration) = self {
            return configuration.graph(classes: classes).parameterCount
        }
        if case .text(let configuration) = self {
            return configuration.parameterCount(classes: classes)
        }
        var total = 0
        var width = inputWidth
        if case .mlp(let hidden, let batchNorm, _) = self {
            for units in hidden {
                let dense = MemoryBudget.sum(MemoryBudget.product(width, units), units)
                total = MemoryBudget.sum(
                    total, dense, batchNorm ? MemoryBudget.product(2, units) : 0)
                width = units
            }
        }
        return MemoryBudget.sum(total, MemoryBudget.product(width, classes), classes)
    }

    /// The widths of one row's activations through the network: input, hidden, output.
    public func activationWidth(inputWidth: Int, classes: Int) -> Int {
        if case .cnn(let configuration) = self {
            return configuration.activationWidth(classes: classes)
        }
        if case .graph(let graph) = self { return graph.activationWidth }
        if case .imageModel(let configuration) = self {
            return configuration.graph(classes: classes).activationWidth
        }
        if case .text(let configuration) = self {
            return configuration.activationWidth(classes: classes)
        }
        var total = MemoryBudget.sum(inputWidth, classes)
        if case .mlp(let hidden, _, _) = self {
            for units in hidden { total = MemoryBudget.sum(total, units) }
        }
        return total
    }

    /// Builds a freshly initialised network for `inputWidth` features and `classes` outputs.
    public func build(inputWidth: Int, classes: Int, rng: inout SeededGenerator) -> Network {
        var layers: [any Layer] = [Flatten()]
        var width = inputWidth
        switch self {
        case .logisticRegression:
            break
        case .mlp(let hidden, let batchNorm, let dropout):
            for units in hidden {
                layers.append(Dense(inputWidth: width, outputWidth: units))
                if batchNorm { layers.append(BatchNorm(width: units)) }
                layers.append(ReLU())
                if dropout > 0 { layers.append(Dropout(rate: Float(dropout))) }
                width = units
            }
        case .cnn(let configuration):
            precondition(
                configuration.image.pixelCount == inputWidth,
                "cnn: image \(configuration.image) does not have \(inputWidth) values")
            return Network(
                layers: configuration.layers(classes: classes), inputWidth: inputWidth,
                outputWidth: classes, rng: &rng)
        case .graph(let graph):
            precondition(
                graph.inputWidth == inputWidth && graph.classes == classes,
                "graph: built for \(graph.inputWidth) inputs and \(graph.classes) classes")
            return graph.build(rng: &rng)
        case .imageModel(let configuration):
            precondition(
                configuration.image.pixelCount == inputWidth,
                "\(configuration.label): image \(configuration.image) does not have \(inputWidth) values"
            )
            return configuration.graph(classes: classes).build(rng: &rng)
        case .text(let configuration):
            precondition(
                configuration.length == inputWidth,
                "text: built for rows of \(configuration.length) tokens, not \(inputWidth)")
            return Network(
                layers: configuration.layers(classes: classes), inputWidth: inputWidth,
                outputWidth: classes, rng: &rng)
        }
        layers.append(Dense(inputWidth: width, outputWidth: classes))
        return Network(layers: layers, inputWidth: inputWidth, outputWidth: classes, rng: &rng)
    }
}
