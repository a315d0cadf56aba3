import AmuletTensor

extension ONNXGraphBuilder {
    /// Maps one ONNX node onto the engine's graph.
    mutating func apply(_ node: ONNXNodeProto) throws(ONNXError) {
        guard let output = node.outputs.first, !output.isEmpty else {
            throw unsupported(node, "the node has no output")
        }
        let op = node.domain == "ai.onnx.ml" ? "ai.onnx.ml." + node.opType : node.opType
        guard node.domain.isEmpty || node.domain == "ai.onnx" || node.domain == "ai.onnx.ml" else {
            throw unsupportedOperator(node, op: node.domain + "." + node.opType)
        }
        switch op {
        case "Identity", "Dropout":
            guard let value = node.inputs.first.flatMap({ values[$0] }) else {
                throw unsupported(node, "its input is not defined before it")
            }
            values[output] = value
        case "Constant":
            values[output] = .constant(try constantNodeValue(node))
        case "Flatten":
            let (n, shape) = try computed(node, 0)
            guard intAttribute(node, "axis", default: 1) == 1 else {
                throw unsupported(node, "only axis=1 (keep the batch, flatten the rest)")
            }
            values[output] = .computed(node: n, shape: [shape.reduce(1, *)])
        case "Reshape":
            try reshape(node, output: output)
        case "Transpose":
            try transpose(node, output: output)
        case "Gemm":
            try gemm(node, output: output)
        case "MatMul":
            let (n, shape) = try computed(node, 0)
            guard let weight = try constant(node, 1), weight.dims.count == 2, shape.count == 1,
                Int(weight.dims[0]) == shape[0]
            else { throw unsupported(node, "needs (batch, in) times a constant (in, out) matrix") }
            let (inputs, outputs) = (Int(weight.dims[0]), Int(weight.dims[1]))
            guard outputs >= 1 else { throw unsupported(node, "the weight has no columns") }
            let w = Self.floats(weight)
            var parameters = [Float](repeating: 0, count: outputs * inputs + outputs)
            for i in 0..<inputs {
                for o in 0..<outputs { parameters[o * inputs + i] = w[i * outputs + o] }
            }
            let index = addNode(
                .dense(input: inputs, output: outputs), inputs: [n], parameters: parameters)
            biasFree.insert(index)
            values[output] = .computed(node: index, shape: [outputs])
        case "Add", "Sub", "Mul", "Div":
            try arithmetic(node, op: op, output: output)
        case "Relu":
            let (n, shape) = try computed(node, 0)
            values[output] = .computed(node: addNode(.relu, inputs: [n]), shape: shape)
        case "LeakyRelu", "Sigmoid", "Tanh":
            let (n, shape) = try computed(node, 0)
            let kind: Activation.Kind =
                op == "Sigmoid"
                ? .sigmoid
                : op == "Tanh" ? .tanh : .leakyReLU(alpha: node.attribute("alpha")?.float ?? 0.01)
            values[output] = .computed(node: addNode(.activation(kind), inputs: [n]), shape: shape)
        case "Softmax", "LogSoftmax", "ai.onnx.ml.Normalizer":
            let (n, shape) = try computed(node, 0)
            let axis = intAttribute(node, "axis", default: -1)
            guard output == outputName, shape.count == 1, axis == -1 || axis == 1 else {
                throw unsupported(
                    node,
                    "only as the model's last step, over the classes (the engine's "
                        + "networks output logits and apply softmax themselves)")
            }
            if op == "ai.onnx.ml.Normalizer", node.attribute("norm")?.string != "L1" {
                throw unsupported(node, "only L1 normalisation of class probabilities")
            }
            values[output] = .computed(node: n, shape: shape)
        case "Conv":
            try convolution(node, output: output)
        case "MaxPool", "AveragePool", "GlobalAveragePool":
            try pool(node, op: op, output: output)
        case "BatchNormalization":
            try batchNormalization(node, output: output)
        case "GroupNormalization":
            try groupNormalization(node, output: output)
        case "ai.onnx.ml.LinearClassifier":
            try linearClassifier(node)
        default:
            throw unsupportedOperator(node, op: op)
        }
    }

    func unsupportedOperator(_ node: ONNXNodeProto, op: String) -> ONNXError {
        .unsupportedOperator(
            file: file, node: nodeName(node), op: op, supported: ONNXImporter.supportedOperators)
    }

    private func constantNodeValue(_ node: ONNXNodeProto) throws(ONNXError) -> ONNXTensorProto {
        if let tensor = node.attribute("value")?.tensor { return tensor }
        if let f = node.attribute("value_float")?.float {
            return ONNXTensorProto(name: "", dims: [], floats: [f])
        }
        if let fs = node.attribute("value_floats")?.floats, node.attribute("value_floats") != nil {
            return ONNXTensorProto(name: "", dims: [fs.count], floats: fs)
        }
        if let i = node.attribute("value_int")?.int {
            return ONNXTensorProto(name: "", dims: [], int64s: [i])
        }
        if let a = node.attribute("value_ints") {
            return ONNXTensorProto(name: "", dims: [a.ints.count], int64s: a.ints)
        }
        throw unsupported(node, "a Constant needs a tensor, float or integer value")
    }

    private mutating func reshape(_ node: ONNXNodeProto, output: String) throws(ONNXError) {
        let (n, shape) = try computed(node, 0)
        guard let target = try constant(node, 1), target.dims.count == 1, !target.int64s.isEmpty
        else { throw unsupported(node, "the new shape must be a constant list of integers") }
        let dims = target.int64s.map { Int(clamping: $0) }
        let total = shape.reduce(1, *)
        guard dims[0] == -1 || dims[0] == 0 || dims.count == 1 else {
            throw unsupported(node, "the first dimension must stay the batch (0 or −1)")
        }
        var perSample: [Int] = []
        var inferred: Int?
        for (axis, d) in dims.enumerated().dropFirst() {
            if d == 0, axis - 1 < shape.count {
                perSample.append(shape[axis - 1])
            } else if d == -1, inferred == nil {
                inferred = axis - 1
                perSample.append(1)
            } else if d > 0 {
                perSample.append(d)
            } else {
                throw unsupported(node, "cannot read the shape \(dims)")
            }
        }
        guard let known = Self.product(perSample) else {
            throw unsupported(node, "shape \(dims) is too large")
        }
        if let inferred {
            guard known > 0, total % known == 0 else {
                throw unsupported(node, "shape \(dims) does not fit")
            }
            perSample[inferred] = total / known
        } else if dims.count == 1 {
            throw unsupported(node, "reshaping away the batch is not supported")
        }
        guard Self.product(perSample) == total else {
            throw unsupported(node, "shape \(dims) does not hold the \(total) values of \(shape)")
        }
        values[output] = .computed(node: n, shape: perSample)
    }

    private mutating func transpose(_ node: ONNXNodeProto, output: String) throws(ONNXError) {
        let (n, shape) = try computed(node, 0)
        let full = [1] + shape
        let perm = intsAttribute(node, "perm") ?? Array(full.indices.reversed())
        guard perm.sorted() == Array(full.indices) else {
            throw unsupported(node, "bad perm \(perm)")
        }
        // A layout no-op when the batch stays first and the dimensions larger than one keep
        // their order.
        let moved = perm.filter { full[$0] > 1 }
        guard perm.first == 0, moved == moved.sorted() else {
            throw unsupported(
                node, "only transposes that leave the memory layout unchanged are supported")
        }
        values[output] = .computed(node: n, shape: perm.dropFirst().map { full[$0] })
    }

    private mutating func gemm(_ node: ONNXNodeProto, output: String) throws(ONNXError) {
        let (n, shape) = try computed(node, 0)
        guard intAttribute(node, "transA", default: 0) == 0 else {
            throw unsupported(node, "transA=1 (the input transposed) is not supported")
        }
        guard let b = try constant(node, 1), b.dims.count == 2, shape.count == 1 else {
            throw unsupported(node, "needs (batch, in) times a constant matrix")
        }
        let transB = intAttribute(node, "transB", default: 0) == 1
        let (outputs, inputs) =
            transB ? (Int(b.dims[0]), Int(b.dims[1])) : (Int(b.dims[1]), Int(b.dims[0]))
        guard inputs == shape[0], outputs >= 1 else {
            throw unsupported(node, "weight has \(inputs) inputs, the value has \(shape[0])")
        }
        let alpha = node.attribute("alpha")?.float ?? 1
        let beta = node.attribute("beta")?.float ?? 1
        let w = Self.floats(b)
        var parameters = [Float](repeating: 0, count: outputs * inputs + outputs)
        for o in 0..<outputs {
            for i in 0..<inputs {
                let value = transB ? w[o * inputs + i] : w[i * outputs + o]
                parameters[o * inputs + i] = alpha == 1 ? value : alpha * value
            }
        }
        if let c = try constant(node, 2) {
            guard let bias = Self.broadcast(c, to: [outputs]) else {
                throw unsupported(
                    node, "bias of shape \(c.dims) does not broadcast to [\(outputs)]")
            }
            for o in 0..<outputs {
                parameters[outputs * inputs + o] = beta == 1 ? bias[o] : beta * bias[o]
            }
        }
        let index = addNode(
            .dense(input: inputs, output: outputs), inputs: [n], parameters: parameters)
        values[output] = .computed(node: index, shape: [outputs])
    }

    private mutating func arithmetic(_ node: ONNXNodeProto, op: String, output: String)
        throws(ONNXError)
    {
        guard node.inputs.count == 2 else { throw unsupported(node, "needs two inputs") }
        let first = values[node.inputs[0]]
        let second = values[node.inputs[1]]
        switch (first, second) {
        case (.computed(let a, let sa)?, .computed(let b, let sb)?):
            guard op == "Add" else {
                throw unsupported(node, "\(op) of two computed values is not supported (only Add)")
            }
            guard sa == sb else {
                throw unsupported(node, "adds values of shapes \(sa) and \(sb)")
            }
            values[output] = .computed(node: addNode(.identity, inputs: [a, b]), shape: sa)
        case (.computed(let a, let shape)?, .constant(let c)?),
            (.constant(let c)?, .computed(let a, let shape)?):
            let constantFirst: Bool
            if case .constant? = first { constantFirst = true } else { constantFirst = false }
            guard let k = Self.broadcast(c, to: shape) else {
                throw unsupported(
                    node, "constant of shape \(c.dims) does not broadcast to \(shape)")
            }
            let width = k.count
            var scale = [Float](repeating: 1, count: width)
            var shift = [Float](repeating: 0, count: width)
            switch op {
            case "Add":
                if a >= 0, biasFree.contains(a), uses[node.inputs[constantFirst ? 1 : 0]] == 1,
                    case .dense(let inputs, let outputs) = nodes[a].layer, outputs == width
                {
                    for o in 0..<outputs { parameters[a][outputs * inputs + o] = k[o] }
                    biasFree.remove(a)
                    values[output] = .computed(node: a, shape: shape)
                    return
                }
                shift = k
            case "Sub":
                if constantFirst {
                    scale = [Float](repeating: -1, count: width)
                    shift = k
                } else {
                    shift = k.map { -$0 }
                }
            case "Mul":
                scale = k
            default:
                guard !constantFirst else {
                    throw unsupported(
                        node, "dividing a constant by a computed value is not supported")
                }
                guard k.allSatisfy({ $0 != 0 }) else { throw unsupported(node, "divides by zero") }
                scale = k.map { 1 / $0 }
            }
            values[output] = .computed(
                node: addNode(.affine(scale: scale, shift: shift), inputs: [a]), shape: shape)
        default:
            throw unsupported(node, "\(op) needs a computed input")
        }
    }
}
