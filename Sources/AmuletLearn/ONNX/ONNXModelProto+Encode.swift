extension ONNXModelProto {
    /// Serializes the model to protobuf bytes (the field numbers of onnx.proto).
    public func encoded() -> [UInt8] {
        var w = ProtobufWriter()
        w.int64(1, irVersion)
        if !producerName.isEmpty { w.string(2, producerName) }
        if !producerVersion.isEmpty { w.string(3, producerVersion) }
        w.message(7) { graph.encode(into: &$0) }
        for opset in opsets {
            w.message(8) { o in
                if !opset.domain.isEmpty { o.string(1, opset.domain) }
                o.int64(2, opset.version)
            }
        }
        return w.bytes
    }
}

extension ONNXGraphProto {
    func encode(into w: inout ProtobufWriter) {
        for node in nodes { w.message(1) { node.encode(into: &$0) } }
        if !name.isEmpty { w.string(2, name) }
        for tensor in initializers { w.message(5) { tensor.encode(into: &$0) } }
        for input in inputs { w.message(11) { input.encode(into: &$0) } }
        for output in outputs { w.message(12) { output.encode(into: &$0) } }
    }
}

extension ONNXNodeProto {
    func encode(into w: inout ProtobufWriter) {
        for input in inputs { w.string(1, input) }
        for output in outputs { w.string(2, output) }
        if !name.isEmpty { w.string(3, name) }
        w.string(4, opType)
        for attribute in attributes { w.message(5) { attribute.encode(into: &$0) } }
        if !domain.isEmpty { w.string(7, domain) }
    }
}

extension ONNXAttributeProto {
    func encode(into w: inout ProtobufWriter) {
        w.string(1, name)
        if let float { w.float(2, float) }
        if let int { w.int64(3, int) }
        if let string { w.string(4, string) }
        if let tensor { w.message(5) { tensor.encode(into: &$0) } }
        for f in floats { w.float(7, f) }
        if !ints.isEmpty { w.packedInt64s(8, ints) }
        for s in strings { w.string(9, s) }
        w.int64(20, type)
    }
}

extension ONNXTensorProto {
    func encode(into w: inout ProtobufWriter) {
        if !dims.isEmpty { w.packedInt64s(1, dims) }
        w.int64(2, Int64(dataType))
        if !name.isEmpty { w.string(8, name) }
        if dataType == 7 {
            w.packedInt64s(7, int64s)
        } else {
            w.bytes(9, ProtobufWriter.littleEndianBytes(floats))
        }
    }
}

extension ONNXValueInfoProto {
    func encode(into w: inout ProtobufWriter) {
        w.string(1, name)
        w.message(2) { type in
            type.message(1) { tensor in
                tensor.int64(1, Int64(elementType))
                tensor.message(2) { shapeWriter in
                    for dim in shape {
                        shapeWriter.message(1) { d in
                            if let dim { d.int64(1, dim) } else { d.string(2, "batch") }
                        }
                    }
                }
            }
        }
    }
}
