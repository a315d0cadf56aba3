import AmuletLearn
import AmuletRisks
import AmuletTensor
import Foundation

extension Interpreter {
    /// The word after `export` that writes a model rather than a table.
    static let exportModelWord = "model"

    /// `export model FILE.onnx [role=baseline|defended]`: a session model as an ONNX file.
    ///
    /// Without `role`, the current model: the defended one when the scenario has defenses, so
    /// what Amulet defended can be deployed. The file maps rows (or images) to logits.
    func exportModel(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        guard let scenario = session.scenario else {
            throw diagnostic(for: ScenarioError.noDataset, command: command)
        }
        var wanted: String?
        for argument in command.arguments {
            guard let name = argument.name else { continue }
            guard name == "role" else {
                throw Diagnostic(
                    .badArgument, "export model takes role=baseline|defended, not '\(name)'",
                    range: argument.nameRange ?? argument.value.range)
            }
            wanted = try evaluate(argument.value).description
        }
        let (path, range) = try pathArgument(
            command, purpose: "such as 'export model defended.onnx'", skipSubject: true)
        guard path.hasSuffix(".onnx") else {
            throw Diagnostic(
                .badArgument, "export model writes ONNX; give a file name ending in .onnx",
                range: range, suggestion: "such as 'export model defended.onnx'")
        }
        let roles = scenario.roles
        guard
            let role = wanted.map({ name in roles.first { $0.role.rawValue == name } })
                ?? roles.last
        else {
            if roles.isEmpty { throw diagnostic(for: ScenarioError.noModel, command: command) }
            throw Diagnostic(
                .badArgument, "the scenario has no '\(wanted ?? "")' model", range: command.range,
                suggestion: "roles: " + roles.map(\.role.rawValue).joined(separator: ", "))
        }
        let bytes: [UInt8]
        do {
            let model = try experiment.model(role, in: scenario)
            var image: ImageShape?
            if case .image(let c, let h, let w) = scenario.data.train.modality {
                image = ImageShape(channels: c, height: h, width: w)
            }
            bytes = try ONNXExporter.model(model.model.network, image: image, name: role.label)
                .encoded()
        } catch {
            throw diagnostic(for: error, command: command)
        }
        try FileWriter.write(
            data: Data(bytes), to: environment.resolve(path), shownAs: path, range: range)
        let digest = bytes.withUnsafeBytes { SHA256.hex(of: $0) }
        context.outputs.append(
            .note(
                "exported \(role.label) (\(role.role.rawValue)) to \(path): ONNX opset "
                    + "\(ONNXExporter.opsetVersion), \(bytes.count) bytes, sha256 \(digest)"))
    }
}
