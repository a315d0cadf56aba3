import AmuletData
import AmuletLang
import AmuletLearn
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

/// `train onnx` and `export model` through the language.
@Suite(.serialized) struct ONNXCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-onnx-\(UUID().uuidString)")

    func fixture(_ name: String) -> String {
        ONNXFixtures.folder().appendingPathComponent("\(name).onnx").path
    }

    func text(_ result: CellResult) -> String {
        result.outputs.map { output -> String in
            switch output {
            case .text(let t), .note(let t), .warning(let t): return t
            case .table(let table): return "\(table)"
            }
        }.joined(separator: "\n")
    }

    @Test func trainOnnxStatesTheTrainingSettingsAndWhichAreDefaults() {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run("load german").succeeded)
        let result = i.run("train onnx file=\"\(fixture("residual"))\" epochs=4")
        #expect(result.succeeded)
        let shown = text(result)
        #expect(shown.contains("loaded residual.onnx as the target"))
        #expect(shown.contains("epochs=4,") && shown.contains("batch=256 (default)"))
        #expect(shown.contains("lr=0.001 (default)") && shown.contains("from scratch"))
        #expect(shown.contains("sha256 "))
    }

    @Test func mismatchedModelIsRefusedNamingBothSides() {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run("load german").succeeded)
        let result = i.run("train onnx file=\"\(fixture("cnn"))\"")
        let message = result.diagnostics.first?.message ?? ""
        #expect(message.contains("64 features") && message.contains("'german' has 44"))
        #expect(result.diagnostics.first?.location?.column == 12)
    }

    @Test func unsupportedFileIsADiagnosticNotACrash() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0x0A, 0xFF, 0xFF, 0x01]).write(to: folder.appendingPathComponent("bad.onnx"))
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run("load german").succeeded)
        let result = i.run("train onnx file=bad.onnx")
        #expect(result.diagnostics.first?.message.contains("bad.onnx: not a readable ONNX") == true)
    }

    /// The defended model, exported, predicts in ONNX Runtime what it predicts in Amulet.
    @Test(
        .enabled(
            if: ONNXFixtures.runtimePython != nil,
            "skipped: .venv-onnx is missing; run scripts/onnx-venv (scripts/setup runs it)"))
    func defendedModelExportedRunsInONNXRuntime() throws {
        let python = try #require(ONNXFixtures.runtimePython)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run("load german").succeeded)
        #expect(i.run("train onnx file=\"\(fixture("mlp_bn"))\" epochs=3 batch=32").succeeded)
        #expect(i.run("defend dp eps=4").succeeded)
        let exported = i.run("export model defended.onnx")
        #expect(text(exported).contains("(defended) to defended.onnx"))
        let file = folder.appendingPathComponent("defended.onnx")
        let imported = try ONNXImporter.importModel(
            bytes: [UInt8](Data(contentsOf: file)), name: "defended.onnx")
        // Batch-norm is gone from the defended model (DP-SGD removes it).
        #expect(!imported.usesBatchNorm)
        let scenario = try #require(i.session.scenario)
        let role = try #require(scenario.roles.last)
        #expect(role.role == .defended)
        let defended = try Experiment(
            catalog: .builtIn, workbench: i.environment.workbench, seed: 0, threads: 1
        ).model(role, in: scenario)
        let x = scenario.data.test.features.rowSlice(0, 32)
        let ours = defended.model.network.logits(x)
        #expect(imported.baselineNetwork().logits(x).storage == ours.storage)
        let theirs = try ONNXFixtures.runInONNXRuntime(
            python: python, model: file, inputs: x, image: nil, folder: folder)
        let worst = zip(ours.storage, theirs.flatMap { $0 }).map { abs($0 - $1) }.max() ?? 1
        #expect(theirs.count == 32 && worst <= 1e-5, "off by \(worst)")
    }
}
