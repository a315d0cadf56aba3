import AmuletTensor

/// A value during import: computed by a node of the engine's graph, or a constant tensor.
enum ONNXValue {
    /// The output of node `node` (−1 for the network input), with its per-sample shape.
    case computed(node: Int, shape: [Int])
    /// A constant (an initializer or a Constant node's output).
    case constant(ONNXTensorProto)
}

/// Walks an ONNX graph and builds the engine's graph of layers (see `ONNXImporter`).
struct ONNXGraphBuilder {
    let model: ONNXModelProto
    let file: String
    var values: [String: ONNXValue] = [:]
    var nodes: [GraphNode] = []
    var parameters: [[Float]] = []
    var state: [[Float]] = []
    /// Dense nodes made from MatMul whose bias is still zero, so a following Add can fill it.
    var biasFree: Set<Int> = []
    /// How many needed nodes (and graph outputs) read each value.
    var uses: [String: Int] = [:]
    /// The output the importer follows.
    var outputName = ""
    var inputShape: [Int] = []
    var dropsFinalSoftmax = false

    init(model: ONNXModelProto, file: String) throws(ONNXError) {
        self.model = model
        self.file = file
    }

    /// The value names the graph declares as initializers.
    private var initializerNames: Set<String> { Set(model.graph.initializers.map(\.name)) }

    mutating func run() throws(ONNXError) {
        let graph = model.graph
        for tensor in graph.initializers { values[tensor.name] = .constant(tensor) }
        let dataInputs = graph.inputs.filter { !initializerNames.contains($0.name) }
        guard dataInputs.count == 1, let input = dataInputs.first else {
            throw .invalidGraph(
                file: file,
                reason: "the graph has \(dataInputs.count) data inputs; Amulet imports models "
                    + "with one input (a batch of rows or of images)")
        }
        guard input.elementType == 1 else {
            throw .invalidGraph(file: file, reason: "input '\(input.name)' is not float32")
        }
        let dims = input.shape.dropFirst().map { $0.map(Int.init) ?? -1 }
        guard input.shape.count == 2 || input.shape.count == 4, dims.allSatisfy({ $0 > 0 }),
            let width = Self.product(dims), width <= 1 << 26
        else {
            throw .invalidGraph(
                file: file,
                reason:
                    "input '\(input.name)' has shape \(input.shape.map { $0.map(String.init) ?? "?" }); "
                    + "Amulet imports [batch, features] or [batch, channels, height, width] "
                    + "with fixed sizes after the batch")
        }
        inputShape = dims
        _ = width
        values[input.name] = .computed(node: -1, shape: dims)
        guard let output = graph.outputs.first(where: { $0.elementType == 1 }) else {
            throw .invalidGraph(file: file, reason: "the graph has no float32 output")
        }
        outputName = output.name
        let needed = neededNodes()
        for index in needed {
            for name in graph.nodes[index].inputs where !name.isEmpty {
                uses[name, default: 0] += 1
            }
        }
        uses[outputName, default: 0] += 1
        for index in needed { try apply(graph.nodes[index]) }
    }

    /// Indices of the nodes the chosen output depends on, in graph order.
    private func neededNodes() -> [Int] {
        let graph = model.graph
        var wanted: Set<String> = [outputName]
        var needed: [Int] = []
        for index in graph.nodes.indices.reversed() {
            let node = graph.nodes[index]
            guard node.outputs.contains(where: { wanted.contains($0) }) else { continue }
            needed.append(index)
            for name in node.inputs where !name.isEmpty { wanted.insert(name) }
        }
        return needed.reversed()
    }

    /// The finished architecture.
    func architecture(name: String, digest: String) throws(ONNXError) -> GraphArchitecture {
        guard case .computed(let node, let shape)? = values[outputName] else {
            throw .invalidGraph(file: file, reason: "output '\(outputName)' is not computed")
        }
        guard node >= 0, node == nodes.count - 1 else {
            throw .invalidGraph(
                file: file,
                reason: "the graph computes nothing from its input that Amulet can train")
        }
        guard shape.count == 1, shape[0] >= 2 else {
            throw .invalidGraph(
                file: file,
                reason: "output '\(outputName)' has per-sample shape \(shape); Amulet needs one "
                    + "score per class, at least two classes")
        }
        let image: ImageShape? =
            inputShape.count == 3
            ? ImageShape(channels: inputShape[0], height: inputShape[1], width: inputShape[2]) : nil
        return GraphArchitecture(
            name: name, digest: digest, nodes: nodes, inputWidth: inputShape.reduce(1, *),
            classes: shape[0], image: image, parameters: parameters, state: state)
    }

    /// Appends a layer reading the sum of `inputs`; returns its index.
    @discardableResult
    mutating func addNode(
        _ layer: LayerSpec, inputs: [Int], parameters layerParameters: [Float] = [],
        state layerState: [Float] = []
    ) -> Int {
        nodes.append(GraphNode(layer: layer, inputs: inputs))
        parameters.append(layerParameters)
        state.append(layerState)
        return nodes.count - 1
    }

    // MARK: - Reading values

    func nodeName(_ node: ONNXNodeProto) -> String {
        node.name.isEmpty ? (node.outputs.first ?? node.opType) : node.name
    }

    func unsupported(_ node: ONNXNodeProto, _ reason: String) -> ONNXError {
        .unsupportedUse(file: file, node: nodeName(node), op: node.opType, reason: reason)
    }

    /// The computed value of input `index`.
    func computed(_ node: ONNXNodeProto, _ index: Int) throws(ONNXError) -> (
        node: Int, shape: [Int]
    ) {
        guard index < node.inputs.count, case .computed(let n, let s)? = values[node.inputs[index]]
        else {
            throw unsupported(node, "input \(index + 1) must be computed from the model's input")
        }
        return (n, s)
    }

    /// The constant tensor of input `index`, or nil when absent (an omitted optional input).
    func constant(_ node: ONNXNodeProto, _ index: Int) throws(ONNXError) -> ONNXTensorProto? {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else { return nil }
        guard case .constant(let tensor)? = values[node.inputs[index]] else {
            throw unsupported(node, "input \(index + 1) must be a constant (an initializer)")
        }
        return tensor
    }

    /// The floats of a constant tensor (integers converted).
    static func floats(_ tensor: ONNXTensorProto) -> [Float] {
        tensor.floats.isEmpty ? tensor.int64s.map(Float.init) : tensor.floats
    }

    /// `tensor` broadcast (numpy rules, right-aligned) to per-sample `shape`, flattened; nil
    /// when it does not broadcast or varies along the batch.
    static func broadcast(_ tensor: ONNXTensorProto, to shape: [Int]) -> [Float]? {
        var dims = tensor.dims.map(Int.init)
        while dims.count > shape.count, dims.first == 1 { dims.removeFirst() }
        guard dims.count <= shape.count else { return nil }
        dims = Array(repeating: 1, count: shape.count - dims.count) + dims
        for (d, s) in zip(dims, shape) where d != 1 && d != s { return nil }
        let source = floats(tensor)
        let total = shape.reduce(1, *)
        guard source.count == dims.reduce(1, *) else { return nil }
        var out = [Float](repeating: 0, count: total)
        for flat in 0..<total {
            var rest = flat
            var sourceIndex = 0
            var stride = 1
            for axis in shape.indices.reversed() {
                let coordinate = rest % shape[axis]
                rest /= shape[axis]
                if dims[axis] != 1 { sourceIndex += coordinate * stride }
                stride *= dims[axis]
            }
            out[flat] = source[sourceIndex]
        }
        return out
    }

    /// The product of `values`, or nil when it overflows.
    static func product(_ values: [Int]) -> Int? {
        var total = 1
        for v in values {
            let (p, overflow) = total.multipliedReportingOverflow(by: v)
            guard !overflow else { return nil }
            total = p
        }
        return total
    }

    func intsAttribute(_ node: ONNXNodeProto, _ name: String) -> [Int]? {
        node.attribute(name).map { $0.ints.map { Int(clamping: $0) } }
    }

    func intAttribute(_ node: ONNXNodeProto, _ name: String, default value: Int) -> Int {
        node.attribute(name)?.int.map { Int(clamping: $0) } ?? value
    }
}
