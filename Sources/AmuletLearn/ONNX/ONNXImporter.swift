import AmuletTensor
import Foundation

/// Reads an ONNX model into a `GraphArchitecture`: the engine's own layers, with the file's weights.
///
/// Only the nodes the model's (first floating-point) output depends on are read, in the
/// graph's topological order. Each supported operator becomes a layer, a node of the graph,
/// or nothing (a layout no-op such as Flatten, or an inference no-op such as Dropout); an
/// Add of two computed values becomes a residual merge. A final Softmax or LogSoftmax is
/// dropped, since the engine's networks output logits and softmax(logits) is then the file's
/// probabilities. Anything else is an `ONNXError` naming the file, the node and the operator.
///
/// Reference: ONNX Operators (onnx.ai/onnx/operators), opsets 9 to 21.
public enum ONNXImporter {
    /// Every operator the importer maps (ai.onnx unless prefixed).
    public static let supportedOperators = [
        "Add", "AveragePool", "BatchNormalization", "Constant", "Conv", "Div", "Dropout",
        "Flatten", "Gemm", "GlobalAveragePool", "GroupNormalization", "Identity", "LeakyRelu",
        "LogSoftmax", "MatMul",
        "MaxPool", "Mul", "Relu", "Reshape", "Sigmoid", "Softmax", "Sub", "Tanh",
        "Transpose (layout no-ops)", "ai.onnx.ml.LinearClassifier", "ai.onnx.ml.Normalizer",
    ]

    /// Files larger than this are refused before reading (the engine trains small models).
    public static let maximumFileBytes = 1 << 30

    /// Reads and imports the model at `path`; `shownAs` names it in errors and labels.
    public static func importFile(path: String, shownAs: String? = nil) throws(ONNXError)
        -> GraphArchitecture
    {
        let name = shownAs ?? URL(fileURLWithPath: path).lastPathComponent
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue else {
            throw .invalidGraph(file: name, reason: "no such file: \(path)")
        }
        guard size <= maximumFileBytes else {
            throw .invalidGraph(
                file: name, reason: "\(size) bytes is larger than the \(maximumFileBytes) allowed")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidGraph(file: name, reason: "cannot read \(path)")
        }
        return try importModel(bytes: [UInt8](data), name: name)
    }

    /// Imports a serialized model named `name` (its label and the name in errors).
    public static func importModel(bytes: [UInt8], name: String) throws(ONNXError)
        -> GraphArchitecture
    {
        let model = try ONNXModelProto.decode(bytes, file: name)
        let digest = bytes.withUnsafeBytes { SHA256.hex(of: $0) }
        var builder = try ONNXGraphBuilder(model: model, file: name)
        try builder.run()
        return try builder.architecture(name: name, digest: digest)
    }
}
