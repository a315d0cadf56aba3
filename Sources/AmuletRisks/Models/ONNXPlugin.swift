import AmuletData
import AmuletLearn

/// `train onnx file=…`: the user's own model, from an ONNX file, as the target.
public enum ONNXPlugin: ModelPlugin {
    /// How models trained for the imported architecture start.
    enum Initialization: String, ParameterChoice {
        case scratch, file
    }

    static let file = OptionalParameter<String>(
        "file", type: .path, required: true, doc: "the ONNX model (.onnx) to audit")
    static let initialization = Parameter<Initialization>(
        "init", default: .scratch,
        doc: "how models trained for its architecture start: scratch (fresh weights) or file "
            + "(fine-tune the file's weights)")

    public static let spec = PluginSpec(
        name: "onnx", kind: .model,
        summary: "your own model from an ONNX file (PyTorch, TensorFlow, scikit-learn exports)",
        risk: .utility,
        explanation: "Reads an ONNX model (opsets 9 to 21, as torch.onnx.export, tf2onnx and "
            + "skl2onnx write them) into Amulet's own layers: dense, convolution, pooling, "
            + "batch-norm, activations, constant scaling and residual additions. The file's "
            + "weights are the baseline model: nothing is trained for it. Its architecture is "
            + "the recipe for every model an attack or defense trains (shadow models, "
            + "populations, surrogates, defended retrains), from scratch by default: a shadow "
            + "model must not start from weights that saw the target's members. init=file "
            + "fine-tunes the file's weights instead. ONNX holds no training settings, so "
            + "epochs, batch, lr and optimizer come from this command or their defaults, and "
            + "the output says which. The model is checked against the loaded data (features, "
            + "classes, image shape) before anything runs; the label is the file's name and "
            + "the recipe records its SHA-256. Write any session model back with "
            + "'export model FILE.onnx'.",
        parameters: [file.spec, initialization.spec] + TrainingParameters.common,
        reference: "ONNX (onnx.ai), IR and operators, opsets 9–21")

    /// Without data there is nothing to check the model against.
    public static func recipe(_ call: PluginCall, seed: UInt64) throws -> Recipe {
        throw ScenarioError.noDataset
    }

    /// Imports the file, checks it against `data`, and returns the recipe of its architecture.
    public static func recipe(_ call: PluginCall, seed: UInt64, data: Dataset) throws -> Recipe {
        guard let path = call[file] else {
            throw ScenarioError.invalidParameter(name: file.name, message: "train onnx needs file=")
        }
        var graph: GraphArchitecture
        do {
            graph = try ONNXImporter.importFile(path: path)
        } catch {
            throw ScenarioError.invalidParameter(name: file.name, message: error.description)
        }
        try check(graph, against: data)
        graph.initialization = call[initialization] == .file ? .file : .scratch
        return TrainingParameters.recipe(.graph(graph), call, seed: seed)
    }

    /// Refuses a model whose input width, classes or image shape differ from the data's,
    /// naming both sides.
    static func check(_ graph: GraphArchitecture, against data: Dataset) throws {
        var problems: [String] = []
        if graph.inputWidth != data.features.cols {
            problems.append(
                "the model takes \(graph.inputWidth) features, '\(data.name)' has "
                    + "\(data.features.cols)")
        }
        if graph.classes != data.classCount {
            problems.append(
                "the model gives \(graph.classes) classes, '\(data.name)' has \(data.classCount)")
        }
        if let image = graph.image {
            if case .image(let c, let h, let w) = data.modality {
                if ImageShape(channels: c, height: h, width: w) != image {
                    problems.append(
                        "the model takes \(image) images, '\(data.name)' has \(c)×\(h)×\(w)")
                }
            } else {
                problems.append("the model takes \(image) images, '\(data.name)' is a table")
            }
        }
        guard problems.isEmpty else {
            throw ScenarioError.invalidParameter(
                name: file.name,
                message: "\(graph.name) does not fit the loaded data: "
                    + problems.joined(separator: "; "))
        }
    }
}
