extension ONNXModelProto {
    /// Decodes a serialized `ModelProto`; `file` names the source in errors.
    ///
    /// Every length is checked against the bytes left, so a truncated or corrupted file is an
    /// `ONNXError.malformed`, and no declared size makes the reader allocate beyond the file.
    public static func decode(_ bytes: [UInt8], file: String) throws(ONNXError) -> ONNXModelProto {
        var reader = ProtobufReader(bytes: bytes, range: 0..<bytes.count, file: file)
        var model = ONNXModelProto()
        var sawGraph = false
        while !reader.isAtEnd {
            let key = try reader.key()
            switch key.field {
            case 1:
                try reader.expect(key, .varint)
                model.irVersion = try reader.int64()
            case 2:
                try reader.expect(key, .lengthDelimited)
                model.producerName = try reader.string()
            case 3:
                try reader.expect(key, .lengthDelimited)
                model.producerVersion = try reader.string()
            case 7:
                try reader.expect(key, .lengthDelimited)
                var sub = try reader.message()
                model.graph = try ONNXGraphProto.decode(&sub)
                sawGraph = true
            case 8:
                try reader.expect(key, .lengthDelimited)
                var sub = try reader.message()
                var opset = ONNXOperatorSet(domain: "", version: 0)
                while !sub.isAtEnd {
                    let k = try sub.key()
                    switch k.field {
                    case 1:
                        try sub.expect(k, .lengthDelimited)
                        opset.domain = try sub.string()
                    case 2:
                        try sub.expect(k, .varint)
                        opset.version = try sub.int64()
                    default: try sub.skip(k.wireType)
                    }
                }
                model.opsets.append(opset)
            default:
                try reader.skip(key.wireType)
            }
        }
        guard sawGraph else {
            throw ONNXError.malformed(file: file, offset: bytes.count, reason: "no graph")
        }
        return model
    }
}

extension ONNXGraphProto {
    static func decode(_ reader: inout ProtobufReader) throws(ONNXError) -> ONNXGraphProto {
        var graph = ONNXGraphProto()
        while !reader.isAtEnd {
            let key = try reader.key()
            switch key.field {
            case 1:
                try reader.expect(key, .lengthDelimited)
                var sub = try reader.message()
                graph.nodes.append(try ONNXNodeProto.decode(&sub))
            case 2:
                try reader.expect(key, .lengthDelimited)
                graph.name = try reader.string()
            case 5:
                try reader.expect(key, .lengthDelimited)
                var sub = try reader.message()
                graph.initializers.append(try ONNXTensorProto.decode(&sub))
            case 11, 12:
                try reader.expect(key, .lengthDelimited)
                var sub = try reader.message()
                let info = try ONNXValueInfoProto.decode(&sub)
                if key.field == 11 { graph.inputs.append(info) } else { graph.outputs.append(info) }
            default:
                try reader.skip(key.wireType)
            }
        }
        return graph
    }
}

extension ONNXNodeProto {
    static func decode(_ reader: inout ProtobufReader) throws(ONNXError) -> ONNXNodeProto {
        var node = ONNXNodeProto(opType: "", inputs: [], outputs: [])
        while !reader.isAtEnd {
            let key = try reader.key()
            switch key.field {
            case 1, 2, 3, 4, 7:
                try reader.expect(key, .lengthDelimited)
                let text = try reader.string()
                switch key.field {
                case 1: node.inputs.append(text)
                case 2: node.outputs.append(text)
                case 3: node.name = text
                case 4: node.opType = text
                default: node.domain = text
                }
            case 5:
                try reader.expect(key, .lengthDelimited)
                var sub = try reader.message()
                node.attributes.append(try ONNXAttributeProto.decode(&sub))
            default:
                try reader.skip(key.wireType)
            }
        }
        return node
    }
}

extension ONNXAttributeProto {
    static func decode(_ reader: inout ProtobufReader) throws(ONNXError) -> ONNXAttributeProto {
        var attribute = ONNXAttributeProto()
        while !reader.isAtEnd {
            let key = try reader.key()
            switch key.field {
            case 1:
                try reader.expect(key, .lengthDelimited)
                attribute.name = try reader.string()
            case 2:
                try reader.expect(key, .fixed32)
                attribute.float = Float(bitPattern: try reader.fixed32())
            case 3:
                try reader.expect(key, .varint)
                attribute.int = try reader.int64()
            case 4:
                try reader.expect(key, .lengthDelimited)
                attribute.string = try reader.string()
            case 5:
                try reader.expect(key, .lengthDelimited)
                var sub = try reader.message()
                attribute.tensor = try ONNXTensorProto.decode(&sub)
            case 6:
                try reader.expect(key, .lengthDelimited)
                _ = try reader.lengthDelimited()
                attribute.hasGraph = true
            case 7:
                try reader.appendFloats(key, to: &attribute.floats)
            case 8:
                try reader.appendInt64s(key, to: &attribute.ints)
            case 9:
                try reader.expect(key, .lengthDelimited)
                attribute.strings.append(try reader.string())
            case 20:
                try reader.expect(key, .varint)
                attribute.type = try reader.int64()
            default:
                try reader.skip(key.wireType)
            }
        }
        return attribute
    }
}

extension ONNXTensorProto {
    static func decode(_ reader: inout ProtobufReader) throws(ONNXError) -> ONNXTensorProto {
        var tensor = ONNXTensorProto()
        var raw: ArraySlice<UInt8>?
        var doubles: [Double] = []
        var external = false
        while !reader.isAtEnd {
            let key = try reader.key()
            switch key.field {
            case 1: try reader.appendInt64s(key, to: &tensor.dims)
            case 2:
                try reader.expect(key, .varint)
                tensor.dataType = Int32(truncatingIfNeeded: try reader.int64())
            case 4: try reader.appendFloats(key, to: &tensor.floats)
            case 5, 7: try reader.appendInt64s(key, to: &tensor.int64s)
            case 8:
                try reader.expect(key, .lengthDelimited)
                tensor.name = try reader.string()
            case 9:
                try reader.expect(key, .lengthDelimited)
                raw = try reader.rawBytes()
            case 10: try reader.appendDoubles(key, to: &doubles)
            case 14:
                try reader.expect(key, .varint)
                external = try reader.int64() == 1
            default:
                try reader.skip(key.wireType)
            }
        }
        if external {
            throw reader.error(
                "tensor '\(tensor.name)' keeps its data in an external file; save the model "
                    + "with its weights inside (save_as_external_data=False)")
        }
        guard let count = tensor.elementCount else {
            throw reader.error("tensor '\(tensor.name)' has bad dims \(tensor.dims)")
        }
        if let raw {
            let width: Int
            switch tensor.dataType {
            case 1, 6: width = 4
            case 7, 11: width = 8
            default:
                throw reader.error(
                    "tensor '\(tensor.name)' has unsupported type \(tensor.dataType)")
            }
            guard raw.count == count.multipliedReportingOverflow(by: width).partialValue,
                count <= raw.count
            else {
                throw reader.error(
                    "tensor '\(tensor.name)' declares \(count) values in \(raw.count) bytes")
            }
            let base = raw.startIndex
            func word(_ i: Int, _ n: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in 0..<n { v |= UInt64(raw[base + i * n + k]) << (8 * UInt64(k)) }
                return v
            }
            switch tensor.dataType {
            case 1: tensor.floats = (0..<count).map { Float(bitPattern: UInt32(word($0, 4))) }
            case 11: tensor.floats = (0..<count).map { Float(Double(bitPattern: word($0, 8))) }
            case 6:
                tensor.int64s = (0..<count).map { Int64(Int32(bitPattern: UInt32(word($0, 4)))) }
            default: tensor.int64s = (0..<count).map { Int64(bitPattern: word($0, 8)) }
            }
        } else if !doubles.isEmpty {
            tensor.floats = doubles.map { Float($0) }
        }
        let stored = tensor.floats.isEmpty ? tensor.int64s.count : tensor.floats.count
        guard stored == count else {
            throw reader.error("tensor '\(tensor.name)' declares \(count) values, holds \(stored)")
        }
        return tensor
    }
}

extension ONNXValueInfoProto {
    static func decode(_ reader: inout ProtobufReader) throws(ONNXError) -> ONNXValueInfoProto {
        var info = ONNXValueInfoProto(elementType: 0)
        while !reader.isAtEnd {
            let key = try reader.key()
            switch key.field {
            case 1:
                try reader.expect(key, .lengthDelimited)
                info.name = try reader.string()
            case 2:
                try reader.expect(key, .lengthDelimited)
                var type = try reader.message()
                while !type.isAtEnd {
                    let k = try type.key()
                    guard k.field == 1, k.wireType == .lengthDelimited else {
                        try type.skip(k.wireType)
                        continue
                    }
                    var tensorType = try type.message()
                    while !tensorType.isAtEnd {
                        let t = try tensorType.key()
                        if t.field == 1, t.wireType == .varint {
                            info.elementType = Int32(truncatingIfNeeded: try tensorType.int64())
                        } else if t.field == 2, t.wireType == .lengthDelimited {
                            var shape = try tensorType.message()
                            info.shape = try decodeShape(&shape)
                        } else {
                            try tensorType.skip(t.wireType)
                        }
                    }
                }
            default:
                try reader.skip(key.wireType)
            }
        }
        return info
    }

    private static func decodeShape(_ reader: inout ProtobufReader) throws(ONNXError) -> [Int64?] {
        var dims: [Int64?] = []
        while !reader.isAtEnd {
            let key = try reader.key()
            guard key.field == 1, key.wireType == .lengthDelimited else {
                try reader.skip(key.wireType)
                continue
            }
            var dim = try reader.message()
            var value: Int64?
            while !dim.isAtEnd {
                let k = try dim.key()
                if k.field == 1, k.wireType == .varint {
                    value = try dim.int64()
                } else {
                    try dim.skip(k.wireType)
                }
            }
            dims.append(value)
        }
        return dims
    }
}
