/// Why an ONNX file could not be read, imported or written; every case names the file.
public enum ONNXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a well-formed protobuf message of the expected kind.
    case malformed(file: String, offset: Int, reason: String)
    /// A node uses an operator this importer does not map.
    case unsupportedOperator(file: String, node: String, op: String, supported: [String])
    /// A supported operator is used in a way the engine cannot represent.
    case unsupportedUse(file: String, node: String, op: String, reason: String)
    /// The graph as a whole does not describe a network the engine can run.
    case invalidGraph(file: String, reason: String)
    /// The model does not fit the loaded data.
    case dataMismatch(file: String, reason: String)
    /// A network cannot be written as ONNX.
    case notExportable(reason: String)

    /// A message that says what went wrong and what to do.
    public var description: String {
        switch self {
        case .malformed(let file, let offset, let reason):
            return "\(file): not a readable ONNX model (byte \(offset): \(reason)); "
                + "export it again with torch.onnx.export, tf2onnx or skl2onnx"
        case .unsupportedOperator(let file, let node, let op, let supported):
            return "\(file): node '\(node)' uses operator \(op), which Amulet cannot import; "
                + "supported: " + supported.joined(separator: ", ")
        case .unsupportedUse(let file, let node, let op, let reason):
            return "\(file): node '\(node)' (\(op)): \(reason)"
        case .invalidGraph(let file, let reason):
            return "\(file): \(reason)"
        case .dataMismatch(let file, let reason):
            return "\(file) does not fit the loaded data: \(reason)"
        case .notExportable(let reason):
            return "cannot export the model as ONNX: \(reason)"
        }
    }
}
