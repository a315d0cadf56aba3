import AmuletTensor

/// A network brought in from a file: a graph of layers, the file's weights, and where it came from.
///
/// It is an architecture like `mlp` or `cnn`: every model an attack or defense trains for it
/// is built from `nodes`, from scratch (`initialization == .scratch`, the default) or starting
/// from the file's weights (`.file`, fine-tuning). The file's weights themselves are the
/// baseline model (`baseline()`), which nothing trains. The identity names the file by its
/// SHA-256, so the model cache and the ledger tell two files apart even under one name.
public struct GraphArchitecture: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How models trained for this architecture start.
    public enum Initialization: String, Sendable, Hashable, Codable {
        /// Fresh random weights, as `mlp` and `cnn` start.
        case scratch
        /// The file's weights (fine-tuning).
        case file
    }

    /// The file's name, such as `model.onnx`: the architecture's label.
    public var name: String
    /// The SHA-256 of the file's bytes, in hex.
    public var digest: String
    /// The nodes in topological order; the last is the output (logits).
    public var nodes: [GraphNode]
    /// Width of one input row.
    public var inputWidth: Int
    /// Number of outputs (classes).
    public var classes: Int
    /// The image shape the model expects, when its input is an image.
    public var image: ImageShape?
    /// The file's parameters per node, in each layer's own layout.
    public var parameters: [[Float]]
    /// The file's non-trainable state per node (batch-norm running statistics).
    public var state: [[Float]]
    /// How trained models start.
    public var initialization: Initialization = .scratch

    /// A graph architecture; `parameters` and `state` hold one array per node.
    public init(
        name: String, digest: String, nodes: [GraphNode], inputWidth: Int, classes: Int,
        image: ImageShape?, parameters: [[Float]], state: [[Float]]
    ) {
        self.name = name
        self.digest = digest
        self.nodes = nodes
        self.inputWidth = inputWidth
        self.classes = classes
        self.image = image
        self.parameters = parameters
        self.state = state
    }

    /// `name(sha256=…, init=…)`: the recipe identity's text (weights are named by the digest).
    public var description: String {
        "\(name)(sha256=\(digest), nodes=\(nodes.count), init=\(initialization.rawValue))"
    }

    /// The file's name, with `init=file` when trained models fine-tune its weights.
    public var label: String {
        initialization == .file ? "\(name) init=file" : name
    }

    /// Whether every node reads only the one before it.
    public var isSequential: Bool {
        nodes.enumerated().allSatisfy { $0.element.inputs == [$0.offset - 1] }
    }

    /// The layers, not yet laid out.
    public var layers: [any Layer] { nodes.map { $0.layer.make() } }

    /// Trainable parameters of the network, saturating.
    public var parameterCount: Int {
        layers.reduce(0) { MemoryBudget.sum($0, $1.parameterCount) }
    }

    /// Floats one row keeps through a forward pass (every node's output, a convolution's
    /// patch rows).
    public var activationWidth: Int {
        var total = inputWidth
        for node in nodes {
            switch node.layer {
            case .dense(_, let output): total = MemoryBudget.sum(total, output)
            case .convolution, .stridedConvolution:
                if let conv = node.layer.make() as? Conv2D {
                    total = MemoryBudget.sum(
                        total, MemoryBudget.product(conv.outputShape.planeSize, conv.patchSize),
                        conv.outputShape.pixelCount)
                }
            case .maxPool(let input, _), .averagePool(let input, _, _):
                total = MemoryBudget.sum(total, input.pixelCount)
            case .batchNorm(let width, _): total = MemoryBudget.sum(total, width)
            case .batchNorm2D(let input, _), .groupNorm(let input, _, _):
                // Output and the normalised input.
                total = MemoryBudget.sum(total, MemoryBudget.product(2, input.pixelCount))
            case .affine(let scale, _): total = MemoryBudget.sum(total, scale.count)
            case .relu, .activation, .identity, .dropout:
                total = MemoryBudget.sum(total, inputWidth)
            }
        }
        return total
    }

    /// Whether any node is batch-norm.
    public var usesBatchNorm: Bool { nodes.contains { $0.layer.isBatchNorm } }

    /// Whether any node is batch-norm over images (which DP-SGD turns into group norm).
    public var usesImageBatchNorm: Bool {
        nodes.contains {
            if case .batchNorm2D = $0.layer { return true }
            return false
        }
    }

    /// The graph without batch-norm, as DP-SGD needs per-sample separability: batch-norm over
    /// features becomes the identity, batch-norm over images becomes group norm
    /// (`GroupNorm.defaultGroups`); the file's weights of those nodes are dropped with them.
    ///
    /// Reference: Wu & He, "Group Normalization", ECCV 2018 (the usual substitute under DP-SGD).
    public var withoutBatchNorm: GraphArchitecture {
        var copy = self
        for i in copy.nodes.indices where copy.nodes[i].layer.isBatchNorm {
            if case .batchNorm2D(let input, let epsilon) = copy.nodes[i].layer {
                copy.nodes[i].layer = .groupNorm(
                    input: input, groups: GroupNorm.defaultGroups(channels: input.channels),
                    epsilon: epsilon)
            } else {
                copy.nodes[i].layer = .identity
            }
            if i < copy.parameters.count { copy.parameters[i] = [] }
            if i < copy.state.count { copy.state[i] = [] }
        }
        return copy
    }

    /// A network of this graph: random weights from `rng`, then the file's weights when
    /// `initialization` is `.file`.
    public func build(rng: inout SeededGenerator) -> Network {
        var network = Network(
            layers: layers, inputs: isSequential ? nil : nodes.map(\.inputs),
            inputWidth: inputWidth, outputWidth: classes, rng: &rng)
        if initialization == .file { loadFileWeights(into: &network) }
        return network
    }

    /// The file's own model: the network with the file's weights.
    public func baselineNetwork() -> Network {
        var rng = SeededGenerator(seed: 0)
        var network = Network(
            layers: layers, inputs: isSequential ? nil : nodes.map(\.inputs),
            inputWidth: inputWidth, outputWidth: classes, rng: &rng)
        loadFileWeights(into: &network)
        return network
    }

    private func loadFileWeights(into network: inout Network) {
        for (i, layer) in network.layers.enumerated() {
            if i < parameters.count, parameters[i].count == layer.parameterCount {
                let offset = layer.parameterOffset
                network.parameters.replaceSubrange(
                    offset..<(offset + layer.parameterCount), with: parameters[i])
            }
            if i < state.count, state[i].count == layer.stateCount {
                let offset = layer.stateOffset
                network.state.replaceSubrange(
                    offset..<(offset + layer.stateCount), with: state[i])
            }
        }
    }
}
