import AmuletTensor

/// Writes a network as an ONNX model (opset 13, or 21 with group norm) that ONNX Runtime and
/// other runtimes can run.
///
/// The model maps a batch of rows [batch, width] (or of images [batch, C, H, W] when `image`
/// is given) to logits [batch, classes]: Dense becomes Gemm, Conv2D Conv (with its stride),
/// pools MaxPool or AveragePool, batch-norm (over features or per channel of images)
/// BatchNormalization with its running statistics, group norm GroupNormalization (opset 21,
/// the first with a per-channel scale and bias), a constant affine map Mul and Add, a
/// residual merge Add, and Reshape or Flatten go where a layer needs images or rows. Dropout
/// is left out (an inference no-op). Importing the written file gives a network whose
/// predictions are bit-for-bit those of the original.
/// Reference: ONNX Operators (onnx.ai/onnx/operators), opsets 13 and 21.
public enum ONNXExporter {
    /// The opset the exporter writes when the network has no group norm.
    public static let opsetVersion: Int64 = 13
    /// The opset written for a network with group norm: GroupNormalization-21 takes one scale
    /// and bias per channel, as the engine's (and PyTorch's) `GroupNorm`; opset 18's took one
    /// per group.
    public static let groupNormOpsetVersion: Int64 = 21

    /// The layout of a value: rows, or images of a shape.
    private enum Layout: Hashable {
        case rows(Int)
        case images(ImageShape)
    }

    /// The model for `network`; `image` is the shape of the input images, if any.
    public static func model(
        _ network: Network, image: ImageShape? = nil, name: String = "amulet"
    ) throws(ONNXError) -> ONNXModelProto {
        var writer = GraphWriter()
        let inputLayout: Layout
        if let image, image.pixelCount == network.inputWidth {
            inputLayout = .images(image)
        } else {
            inputLayout = .rows(network.inputWidth)
        }
        var graph = ONNXGraphProto()
        graph.name = name
        graph.inputs = [valueInfo("input", inputLayout)]
        var outputs: [(name: String, layout: Layout)] = []
        for (i, layer) in network.layers.enumerated() {
            let sources = network.inputs?[i] ?? [i - 1]
            var parts: [(String, Layout)] = sources.map {
                $0 < 0 ? ("input", inputLayout) : outputs[$0]
            }
            if Set(parts.map { $0.1 }).count > 1 {
                parts = parts.map { writer.asRows($0.0, $0.1, tag: "n\(i)") }
            }
            var (value, layout) = parts[0]
            for (k, part) in parts.enumerated().dropFirst() {
                let sum = "n\(i).sum\(k)"
                writer.nodes.append(
                    ONNXNodeProto(opType: "Add", inputs: [value, part.0], outputs: [sum]))
                value = sum
            }
            let result = try writer.layer(
                layer, index: i, input: value, layout: &layout, network: network)
            outputs.append((result, layout))
        }
        guard var last = outputs.last else {
            throw .notExportable(reason: "the network has no layers")
        }
        last = writer.asRows(last.name, last.layout, tag: "output")
        writer.nodes.append(
            ONNXNodeProto(opType: "Identity", inputs: [last.name], outputs: ["logits"]))
        graph.nodes = writer.nodes
        graph.initializers = writer.initializers
        graph.outputs = [valueInfo("logits", .rows(network.outputWidth))]
        var model = ONNXModelProto()
        model.irVersion = 7
        model.producerName = "amulet"
        model.producerVersion = "1"
        let opset =
            network.layers.contains { $0 is GroupNorm } ? groupNormOpsetVersion : opsetVersion
        model.opsets = [ONNXOperatorSet(domain: "", version: opset)]
        model.graph = graph
        return model
    }

    private static func valueInfo(_ name: String, _ layout: Layout) -> ONNXValueInfoProto {
        switch layout {
        case .rows(let width):
            return ONNXValueInfoProto(name: name, shape: [nil, Int64(width)])
        case .images(let s):
            return ONNXValueInfoProto(
                name: name, shape: [nil, Int64(s.channels), Int64(s.height), Int64(s.width)])
        }
    }

    /// Nodes and initializers written so far.
    private struct GraphWriter {
        var nodes: [ONNXNodeProto] = []
        var initializers: [ONNXTensorProto] = []

        mutating func constant(_ name: String, _ dims: [Int], _ values: [Float]) -> String {
            initializers.append(ONNXTensorProto(name: name, dims: dims, floats: values))
            return name
        }

        /// The value as rows (Flatten when it holds images).
        mutating func asRows(_ value: String, _ layout: Layout, tag: String) -> (String, Layout) {
            guard case .images(let s) = layout else { return (value, layout) }
            let name = "\(tag).flat"
            nodes.append(
                ONNXNodeProto(
                    opType: "Flatten", inputs: [value], outputs: [name],
                    attributes: [.int("axis", 1)]))
            return (name, .rows(s.pixelCount))
        }

        /// The value as images of `shape` (Reshape when it holds rows).
        mutating func asImages(_ value: String, _ layout: Layout, _ shape: ImageShape, tag: String)
            -> String
        {
            if case .images = layout { return value }
            let target = "\(tag).shape"
            initializers.append(
                ONNXTensorProto(
                    name: target, dims: [4],
                    int64s: [-1, Int64(shape.channels), Int64(shape.height), Int64(shape.width)]))
            let name = "\(tag).image"
            nodes.append(
                ONNXNodeProto(opType: "Reshape", inputs: [value, target], outputs: [name]))
            return name
        }

        /// BatchNormalization of `x` into `out`: scale and bias from the layer's parameters,
        /// running mean and variance from its state, `width` features or channels each.
        ///
        /// ONNX's momentum weighs the running value (the engine's layers, as PyTorch, weigh
        /// the batch by 0.1); it matters only to a runtime that trains.
        mutating func batchNormalization(
            _ x: String, _ out: String, tag: String, width: Int, parameters p: [Float],
            state s: [Float], epsilon: Float
        ) {
            let names = [
                constant("\(tag).scale", [width], Array(p[0..<width])),
                constant("\(tag).bias", [width], Array(p[width...])),
                constant("\(tag).mean", [width], Array(s[0..<width])),
                constant("\(tag).var", [width], Array(s[width...])),
            ]
            nodes.append(
                ONNXNodeProto(
                    opType: "BatchNormalization", inputs: [x] + names, outputs: [out],
                    attributes: [.float("epsilon", epsilon), .float("momentum", 0.9)]))
        }

        /// Writes one layer reading `input`; returns its output's name and updates `layout`.
        mutating func layer(
            _ layer: any Layer, index: Int, input: String, layout: inout Layout, network: Network
        ) throws(ONNXError) -> String {
            let tag = "n\(index)"
            let out = "\(tag).out"
            let p = Array(
                network.parameters[
                    layer.parameterOffset..<(layer.parameterOffset + layer.parameterCount)])
            let s = Array(network.state[layer.stateOffset..<(layer.stateOffset + layer.stateCount)])
            switch layer {
            case let dense as Dense:
                let (x, _) = asRows(input, layout, tag: tag)
                let weights = dense.outputWidth * dense.inputWidth
                let w = constant(
                    "\(tag).weight", [dense.outputWidth, dense.inputWidth], Array(p[0..<weights]))
                let b = constant("\(tag).bias", [dense.outputWidth], Array(p[weights...]))
                nodes.append(
                    ONNXNodeProto(
                        opType: "Gemm", inputs: [x, w, b], outputs: [out],
                        attributes: [.int("transB", 1)]))
                layout = .rows(dense.outputWidth)
            case let conv as Conv2D:
                let x = asImages(input, layout, conv.inputShape, tag: tag)
                let k = conv.kernelSize
                let weights = conv.outputChannels * conv.patchSize
                let w = constant(
                    "\(tag).weight", [conv.outputChannels, conv.inputShape.channels, k, k],
                    Array(p[0..<weights]))
                let b = constant("\(tag).bias", [conv.outputChannels], Array(p[weights...]))
                let pad = Int64(conv.padding)
                nodes.append(
                    ONNXNodeProto(
                        opType: "Conv", inputs: [x, w, b], outputs: [out],
                        attributes: [
                            .ints("kernel_shape", [Int64(k), Int64(k)]),
                            .ints("pads", [pad, pad, pad, pad]),
                            .ints("strides", [Int64(conv.stride), Int64(conv.stride)]),
                        ]))
                layout = .images(conv.outputShape)
            case let pool as MaxPool2D:
                let x = asImages(input, layout, pool.inputShape, tag: tag)
                let size = Int64(pool.size)
                nodes.append(
                    ONNXNodeProto(
                        opType: "MaxPool", inputs: [x], outputs: [out],
                        attributes: [
                            .ints("kernel_shape", [size, size]), .ints("strides", [size, size]),
                        ]))
                layout = .images(pool.outputShape)
            case let pool as AveragePool2D:
                let x = asImages(input, layout, pool.inputShape, tag: tag)
                let window = [Int64(pool.windowHeight), Int64(pool.windowWidth)]
                nodes.append(
                    ONNXNodeProto(
                        opType: "AveragePool", inputs: [x], outputs: [out],
                        attributes: [.ints("kernel_shape", window), .ints("strides", window)]))
                layout = .images(pool.outputShape)
            case let norm as BatchNorm:
                let (x, _) = asRows(input, layout, tag: tag)
                batchNormalization(
                    x, out, tag: tag, width: norm.width, parameters: p, state: s,
                    epsilon: norm.epsilon)
                layout = .rows(norm.width)
            case let norm as BatchNorm2D:
                let x = asImages(input, layout, norm.shape, tag: tag)
                batchNormalization(
                    x, out, tag: tag, width: norm.shape.channels, parameters: p, state: s,
                    epsilon: norm.epsilon)
                layout = .images(norm.shape)
            case let norm as GroupNorm:
                let x = asImages(input, layout, norm.shape, tag: tag)
                let c = norm.shape.channels
                let names = [
                    constant("\(tag).scale", [c], Array(p[0..<c])),
                    constant("\(tag).bias", [c], Array(p[c...])),
                ]
                nodes.append(
                    ONNXNodeProto(
                        opType: "GroupNormalization", inputs: [x] + names, outputs: [out],
                        attributes: [
                            .float("epsilon", norm.epsilon), .int("num_groups", Int64(norm.groups)),
                        ]))
                layout = .images(norm.shape)
            case is ReLU:
                nodes.append(ONNXNodeProto(opType: "Relu", inputs: [input], outputs: [out]))
            case let activation as Activation:
                switch activation.kind {
                case .leakyReLU(let alpha):
                    nodes.append(
                        ONNXNodeProto(
                            opType: "LeakyRelu", inputs: [input], outputs: [out],
                            attributes: [.float("alpha", alpha)]))
                case .sigmoid:
                    nodes.append(ONNXNodeProto(opType: "Sigmoid", inputs: [input], outputs: [out]))
                case .tanh:
                    nodes.append(ONNXNodeProto(opType: "Tanh", inputs: [input], outputs: [out]))
                }
            case let affine as ConstantAffine:
                let (x, rows) = asRows(input, layout, tag: tag)
                layout = rows
                var value = x
                let width = affine.scale.count
                if affine.scale.contains(where: { $0 != 1 }) {
                    let k = constant("\(tag).scale", [width], affine.scale)
                    let scaled = "\(tag).scaled"
                    nodes.append(
                        ONNXNodeProto(opType: "Mul", inputs: [value, k], outputs: [scaled]))
                    value = scaled
                }
                let t = constant("\(tag).shift", [width], affine.shift)
                nodes.append(ONNXNodeProto(opType: "Add", inputs: [value, t], outputs: [out]))
            case is Flatten, is Dropout:
                nodes.append(ONNXNodeProto(opType: "Identity", inputs: [input], outputs: [out]))
            default:
                throw .notExportable(reason: "layer \(index) (\(type(of: layer))) has no ONNX form")
            }
            return out
        }
    }
}
