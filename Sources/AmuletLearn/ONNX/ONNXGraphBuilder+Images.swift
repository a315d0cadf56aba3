import AmuletTensor

extension ONNXGraphBuilder {
    /// The image shape of a computed value of per-sample shape [C, H, W].
    private func imageShape(_ node: ONNXNodeProto, _ shape: [Int]) throws(ONNXError) -> ImageShape {
        guard shape.count == 3 else {
            throw unsupported(node, "needs images [batch, channels, height, width], got \(shape)")
        }
        return ImageShape(channels: shape[0], height: shape[1], width: shape[2])
    }

    /// Requires an attribute list to be absent or all `value`.
    private func require(
        _ node: ONNXNodeProto, _ name: String, all value: Int, or alternative: [Int]? = nil
    ) throws(ONNXError) {
        guard let list = intsAttribute(node, name) else { return }
        guard list.allSatisfy({ $0 == value }) || list == alternative else {
            throw unsupported(node, "\(name)=\(list) is not supported")
        }
    }

    mutating func convolution(_ node: ONNXNodeProto, output: String) throws(ONNXError) {
        let (n, shape) = try computed(node, 0)
        let image = try imageShape(node, shape)
        guard let weight = try constant(node, 1), weight.dims.count == 4 else {
            throw unsupported(node, "needs a constant 4-D weight")
        }
        let (filters, channels) = (Int(weight.dims[0]), Int(weight.dims[1]))
        let (kh, kw) = (Int(weight.dims[2]), Int(weight.dims[3]))
        guard channels == image.channels, kh == kw, kh >= 1, filters >= 1 else {
            throw unsupported(
                node,
                "weight \(weight.dims) for \(image) images; square kernels without groups only")
        }
        guard intAttribute(node, "group", default: 1) == 1 else {
            throw unsupported(node, "grouped convolutions are not supported")
        }
        let strides = intsAttribute(node, "strides") ?? [1, 1]
        guard strides.count == 2, strides[0] == strides[1], let stride = strides.first,
            stride >= 1
        else { throw unsupported(node, "strides=\(strides): only equal strides on both axes") }
        try require(node, "dilations", all: 1)
        if let autoPad = node.attribute("auto_pad")?.string, autoPad != "NOTSET", autoPad != "VALID"
        {
            throw unsupported(node, "auto_pad=\(autoPad) is not supported; give explicit pads")
        }
        let pads = intsAttribute(node, "pads") ?? [0, 0, 0, 0]
        guard pads.count == 4, Set(pads).count == 1, let padding = pads.first, padding >= 0,
            padding < kh
        else { throw unsupported(node, "pads=\(pads): only equal padding on every side") }
        guard image.height + 2 * padding >= kh, image.width + 2 * padding >= kh else {
            throw unsupported(node, "the kernel is larger than the padded image")
        }
        let spec =
            stride == 1
            ? LayerSpec.convolution(input: image, filters: filters, kernel: kh, padding: padding)
            : LayerSpec.stridedConvolution(
                input: image, filters: filters, kernel: kh, padding: padding, stride: stride)
        guard let conv = spec.make() as? Conv2D else {
            throw unsupported(node, "not a convolution")
        }
        var parameters = Self.floats(weight)
        if let bias = try constant(node, 2) {
            guard let b = Self.broadcast(bias, to: [filters]) else {
                throw unsupported(node, "bias \(bias.dims) for \(filters) filters")
            }
            parameters += b
        } else {
            parameters += [Float](repeating: 0, count: filters)
        }
        let out = conv.outputShape
        values[output] = .computed(
            node: addNode(spec, inputs: [n], parameters: parameters),
            shape: [out.channels, out.height, out.width])
    }

    mutating func pool(_ node: ONNXNodeProto, op: String, output: String) throws(ONNXError) {
        let (n, shape) = try computed(node, 0)
        let image = try imageShape(node, shape)
        if op == "GlobalAveragePool" {
            let spec = LayerSpec.averagePool(input: image, height: image.height, width: image.width)
            values[output] = .computed(
                node: addNode(spec, inputs: [n]), shape: [image.channels, 1, 1])
            return
        }
        guard node.outputs.count == 1 || uses[node.outputs[1]] == nil else {
            throw unsupported(node, "the indices output is not supported")
        }
        guard let kernel = intsAttribute(node, "kernel_shape"), kernel.count == 2,
            kernel.allSatisfy({ $0 >= 1 })
        else { throw unsupported(node, "needs a 2-D kernel_shape") }
        let strides = intsAttribute(node, "strides") ?? [1, 1]
        guard strides == kernel else {
            throw unsupported(node, "only windows that do not overlap (strides = kernel_shape)")
        }
        try require(node, "pads", all: 0)
        try require(node, "dilations", all: 1)
        guard intAttribute(node, "ceil_mode", default: 0) == 0 else {
            throw unsupported(node, "ceil_mode=1 is not supported")
        }
        guard kernel[0] <= image.height, kernel[1] <= image.width else {
            throw unsupported(node, "window \(kernel) larger than the \(image) image")
        }
        let spec: LayerSpec
        if op == "MaxPool" {
            guard kernel[0] == kernel[1] else { throw unsupported(node, "square windows only") }
            spec = .maxPool(input: image, size: kernel[0])
        } else {
            spec = .averagePool(input: image, height: kernel[0], width: kernel[1])
        }
        values[output] = .computed(
            node: addNode(spec, inputs: [n]),
            shape: [image.channels, image.height / kernel[0], image.width / kernel[1]])
    }

    /// BatchNormalization in evaluation mode: over features ([batch, width], `BatchNorm`) or
    /// over the channels of images ([batch, C, H, W], `BatchNorm2D`), with its running
    /// statistics.
    mutating func batchNormalization(_ node: ONNXNodeProto, output: String) throws(ONNXError) {
        let (n, shape) = try computed(node, 0)
        guard shape.count == 1 || shape.count == 3 else {
            throw unsupported(
                node, "needs [batch, features] or [batch, channels, height, width], got \(shape)")
        }
        guard intAttribute(node, "training_mode", default: 0) == 0 else {
            throw unsupported(node, "export the model in evaluation mode (model.eval())")
        }
        let width = shape[0]
        var vectors: [[Float]] = []
        for index in 1...4 {
            guard let tensor = try constant(node, index),
                let vector = Self.broadcast(tensor, to: [width])
            else {
                throw unsupported(
                    node, "scale, bias, mean and variance must be constants of width \(width)")
            }
            vectors.append(vector)
        }
        let epsilon = node.attribute("epsilon")?.float ?? 1e-5
        let spec =
            shape.count == 1
            ? LayerSpec.batchNorm(width: width, epsilon: epsilon)
            : .batchNorm2D(input: try imageShape(node, shape), epsilon: epsilon)
        values[output] = .computed(
            node: addNode(
                spec, inputs: [n], parameters: vectors[0] + vectors[1],
                state: vectors[2] + vectors[3]),
            shape: shape)
    }

    /// GroupNormalization: per-channel scale and bias (opset 21), or per-group (opset 18,
    /// spread over each group's channels); statistics per sample and group of channels.
    mutating func groupNormalization(_ node: ONNXNodeProto, output: String) throws(ONNXError) {
        let (n, shape) = try computed(node, 0)
        let image = try imageShape(node, shape)
        let groups = intAttribute(node, "num_groups", default: 0)
        guard groups >= 1, image.channels % groups == 0 else {
            throw unsupported(
                node, "num_groups=\(groups) must divide the \(image.channels) channels")
        }
        var vectors: [[Float]] = []
        for index in 1...2 {
            guard let tensor = try constant(node, index) else {
                throw unsupported(node, "scale and bias must be constants")
            }
            if let perChannel = Self.broadcast(tensor, to: [image.channels]) {
                vectors.append(perChannel)
            } else if let perGroup = Self.broadcast(tensor, to: [groups]) {
                let share = image.channels / groups
                vectors.append((0..<image.channels).map { perGroup[$0 / share] })
            } else {
                throw unsupported(
                    node, "scale and bias need \(image.channels) or \(groups) values")
            }
        }
        let epsilon = node.attribute("epsilon")?.float ?? 1e-5
        values[output] = .computed(
            node: addNode(
                .groupNorm(input: image, groups: groups, epsilon: epsilon), inputs: [n],
                parameters: vectors[0] + vectors[1]),
            shape: shape)
    }

    /// scikit-learn's linear models as skl2onnx writes them: scores = x·Wᵀ + b, one row of W
    /// per class; a binary model stores one row and its probability is the logistic of it, so
    /// its logits are [0, z] (softmax([0, z]) = [1 − σ(z), σ(z)]).
    mutating func linearClassifier(_ node: ONNXNodeProto) throws(ONNXError) {
        let (n, shape) = try computed(node, 0)
        guard shape.count == 1, node.outputs.count >= 2 else {
            throw unsupported(node, "needs (batch, features) input and a scores output")
        }
        let coefficients = node.attribute("coefficients")?.floats ?? []
        let intercepts = node.attribute("intercepts")?.floats ?? []
        let features = shape[0]
        guard features > 0, !coefficients.isEmpty, coefficients.count % features == 0 else {
            throw unsupported(node, "coefficients do not match \(features) features")
        }
        let rows = coefficients.count / features
        guard intercepts.count == rows else { throw unsupported(node, "one intercept per row") }
        let transform = node.attribute("post_transform")?.string ?? "NONE"
        let labels =
            node.attribute("classlabels_ints")?.ints.count
            ?? node.attribute("classlabels_strings")?.strings.count ?? rows
        var parameters: [Float]
        let classes: Int
        let negated =
            rows == 2
            && zip(coefficients.prefix(features), coefficients.suffix(features)).allSatisfy {
                $0 == -$1
            } && intercepts[0] == -intercepts[1]
        if transform == "LOGISTIC" && labels == 2 && (rows == 1 || negated) {
            // p₁ = σ(z) with z the last row's score: logits [0, z].
            classes = 2
            parameters =
                [Float](repeating: 0, count: features) + Array(coefficients.suffix(features))
                + [0, intercepts[rows - 1]]
        } else if rows == labels && (transform == "SOFTMAX" || transform == "NONE") {
            classes = rows
            parameters = coefficients + intercepts
        } else {
            throw unsupported(
                node, "post_transform=\(transform) with \(rows) rows for \(labels) classes")
        }
        let index = addNode(
            .dense(input: features, output: classes), inputs: [n], parameters: parameters)
        values[node.outputs[1]] = .computed(node: index, shape: [classes])
    }
}
