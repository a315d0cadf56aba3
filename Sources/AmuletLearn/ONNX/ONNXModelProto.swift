/// The parts of an ONNX `ModelProto` the importer reads and the exporter writes.
///
/// Field numbers are those of onnx.proto (ONNX IR, proto2): ModelProto ir_version = 1,
/// producer_name = 2, producer_version = 3, graph = 7, opset_import = 8; OperatorSetIdProto
/// domain = 1, version = 2. Unknown fields are skipped, as protobuf readers must.
/// Reference: ONNX, "Open Neural Network Exchange Intermediate Representation (IR)", onnx.ai.
public struct ONNXModelProto: Sendable, Equatable {
    /// The IR version (7 for opset 12–13 era exporters, 8–10 for newer ones).
    public var irVersion: Int64 = 8
    /// Operator sets by domain ("" is the default ONNX domain).
    public var opsets: [ONNXOperatorSet] = []
    /// The tool that wrote the file.
    public var producerName = ""
    /// Its version.
    public var producerVersion = ""
    /// The computation graph.
    public var graph = ONNXGraphProto()

    /// An empty model.
    public init() {}

    /// The default domain's opset version (0 when absent).
    public var defaultOpsetVersion: Int64 {
        opsets.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version ?? 0
    }
}

/// One `OperatorSetIdProto`: a domain and its version.
public struct ONNXOperatorSet: Sendable, Equatable {
    /// The domain ("" for the default one).
    public var domain: String
    /// The opset version.
    public var version: Int64

    /// An operator-set import.
    public init(domain: String, version: Int64) {
        self.domain = domain
        self.version = version
    }
}

/// A `GraphProto`: nodes in topological order, initializers, inputs and outputs.
///
/// Field numbers: node = 1, name = 2, initializer = 5, input = 11, output = 12,
/// value_info = 13.
public struct ONNXGraphProto: Sendable, Equatable {
    /// The nodes, in topological order.
    public var nodes: [ONNXNodeProto] = []
    /// The graph's name.
    public var name = ""
    /// Constant tensors (the weights).
    public var initializers: [ONNXTensorProto] = []
    /// Declared inputs (may include initializers in old IR versions).
    public var inputs: [ONNXValueInfoProto] = []
    /// Declared outputs.
    public var outputs: [ONNXValueInfoProto] = []

    /// An empty graph.
    public init() {}
}

/// A `NodeProto`: one operator application.
///
/// Field numbers: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7.
public struct ONNXNodeProto: Sendable, Equatable {
    /// Input value names ("" for an omitted optional input).
    public var inputs: [String] = []
    /// Output value names.
    public var outputs: [String] = []
    /// The node's name (may be empty).
    public var name = ""
    /// The operator, such as `Gemm`.
    public var opType = ""
    /// The operator's domain ("" is ONNX's own).
    public var domain = ""
    /// Attributes.
    public var attributes: [ONNXAttributeProto] = []

    /// A node.
    public init(
        opType: String, inputs: [String], outputs: [String], name: String = "",
        attributes: [ONNXAttributeProto] = []
    ) {
        self.opType = opType
        self.inputs = inputs
        self.outputs = outputs
        self.name = name
        self.attributes = attributes
    }

    /// The attribute named `name`.
    public func attribute(_ name: String) -> ONNXAttributeProto? {
        attributes.first { $0.name == name }
    }
}

/// An `AttributeProto`: a named float, int, string, tensor or list of them.
///
/// Field numbers: name = 1, f = 2, i = 3, s = 4, t = 5, g = 6, floats = 7, ints = 8,
/// strings = 9, type = 20. Graph-valued attributes (control flow) are recorded, not decoded.
public struct ONNXAttributeProto: Sendable, Equatable {
    /// The attribute's name.
    public var name = ""
    /// The declared type (1 float, 2 int, 3 string, 4 tensor, 5 graph, 6 floats, 7 ints,
    /// 8 strings).
    public var type: Int64 = 0
    /// Single float.
    public var float: Float?
    /// Single integer.
    public var int: Int64?
    /// Single string.
    public var string: String?
    /// Single tensor.
    public var tensor: ONNXTensorProto?
    /// Whether a graph value was present (subgraphs are not imported).
    public var hasGraph = false
    /// Float list.
    public var floats: [Float] = []
    /// Integer list.
    public var ints: [Int64] = []
    /// String list.
    public var strings: [String] = []

    /// An empty attribute.
    public init(name: String = "") {
        self.name = name
    }

    /// An integer attribute.
    public static func int(_ name: String, _ value: Int64) -> ONNXAttributeProto {
        var a = ONNXAttributeProto(name: name)
        a.type = 2
        a.int = value
        return a
    }

    /// A float attribute.
    public static func float(_ name: String, _ value: Float) -> ONNXAttributeProto {
        var a = ONNXAttributeProto(name: name)
        a.type = 1
        a.float = value
        return a
    }

    /// An integer-list attribute.
    public static func ints(_ name: String, _ values: [Int64]) -> ONNXAttributeProto {
        var a = ONNXAttributeProto(name: name)
        a.type = 7
        a.ints = values
        return a
    }
}

/// A `TensorProto`, with its numbers decoded to Float32 or Int64.
///
/// Field numbers: dims = 1, data_type = 2, float_data = 4, int32_data = 5, int64_data = 7,
/// name = 8, raw_data = 9, double_data = 10, data_location = 14. Data types: 1 FLOAT,
/// 6 INT32, 7 INT64, 11 DOUBLE.
public struct ONNXTensorProto: Sendable, Equatable {
    /// The shape.
    public var dims: [Int64] = []
    /// The element type.
    public var dataType: Int32 = 1
    /// The name.
    public var name = ""
    /// Float values (FLOAT or DOUBLE tensors, and integer tensors converted).
    public var floats: [Float] = []
    /// Integer values (INT64 or INT32 tensors).
    public var int64s: [Int64] = []

    /// An empty tensor.
    public init() {}

    /// A Float32 tensor.
    public init(name: String, dims: [Int], floats: [Float]) {
        self.name = name
        self.dims = dims.map(Int64.init)
        self.dataType = 1
        self.floats = floats
    }

    /// An Int64 tensor.
    public init(name: String, dims: [Int], int64s: [Int64]) {
        self.name = name
        self.dims = dims.map(Int64.init)
        self.dataType = 7
        self.int64s = int64s
    }

    /// Number of elements the dims declare, or nil when negative or overflowing.
    public var elementCount: Int? {
        var total = 1
        for d in dims {
            guard d >= 0, d <= Int64(Int.max) else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: Int(d))
            guard !overflow else { return nil }
            total = product
        }
        return total
    }
}

/// A `ValueInfoProto`: a named value with its tensor type and shape.
///
/// Field numbers: name = 1, type = 2; TypeProto tensor_type = 1; TypeProto.Tensor
/// elem_type = 1, shape = 2; TensorShapeProto dim = 1; Dimension dim_value = 1,
/// dim_param = 2.
public struct ONNXValueInfoProto: Sendable, Equatable {
    /// The value's name.
    public var name = ""
    /// The element type (1 for Float32).
    public var elementType: Int32 = 0
    /// Each dimension: a size, or nil for a symbolic or unknown one (such as the batch).
    public var shape: [Int64?] = []

    /// A value description.
    public init(name: String = "", elementType: Int32 = 1, shape: [Int64?] = []) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
    }
}
