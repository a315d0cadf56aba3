import AmuletTensor
import Foundation

/// The ONNX fixtures of Tests/Fixtures/onnx and what their exporting frameworks computed.
///
/// Each `NAME.onnx` was written by torch.onnx.export or skl2onnx (scripts/onnx-fixtures), and
/// `NAME.expected.json` holds fixed inputs and the framework's outputs on them.
public enum ONNXFixtures {
    /// The outputs a fixture's framework recorded.
    public struct Expected: Decodable, Sendable {
        /// `probabilities`, `log_probabilities` or `logits`.
        public var output: String
        /// The framework and version.
        public var producer: String
        /// Input rows (images flattened channel-major).
        public var inputs: [[Float]]
        /// Output rows.
        public var outputs: [[Float]]

        /// The inputs as a matrix.
        public var inputMatrix: Matrix { Matrix(inputs) }
    }

    /// The fixtures' folder.
    public static func folder(file: String = #filePath) -> URL {
        TestSupport.packageRoot(file: file).appendingPathComponent("Tests/Fixtures/onnx")
    }

    /// The bytes of `NAME.onnx`.
    public static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder().appendingPathComponent("\(name).onnx")))
    }

    /// The recorded outputs of `NAME`.
    public static func expected(_ name: String) throws -> Expected {
        try JSONDecoder().decode(
            Expected.self,
            from: Data(contentsOf: folder().appendingPathComponent("\(name).expected.json")))
    }

    /// The project's ONNX Runtime environment (scripts/onnx-venv), when it exists.
    public static var runtimePython: URL? {
        let python = TestSupport.packageRoot().appendingPathComponent(".venv-onnx/bin/python")
        return FileManager.default.isExecutableFile(atPath: python.path) ? python : nil
    }

    /// Runs `model` in ONNX Runtime on `inputs` (scripts/onnx_run.py) and returns its first
    /// output, row by row; the files go under `folder`.
    public static func runInONNXRuntime(
        python: URL, model: URL, inputs: Matrix, image: [Int]?, folder: URL
    ) throws -> [[Float]] {
        let inputFile = folder.appendingPathComponent("inputs.json")
        let outputFile = folder.appendingPathComponent("outputs.json")
        let rows = (0..<inputs.rows).map { inputs.row($0).map(Double.init) }
        var payload: [String: Any] = ["inputs": rows]
        if let image { payload["image"] = image }
        try JSONSerialization.data(withJSONObject: payload).write(to: inputFile)
        let process = Process()
        process.executableURL = python
        process.arguments = [
            TestSupport.packageRoot().appendingPathComponent("scripts/onnx_run.py").path,
            model.path, inputFile.path, outputFile.path,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadCorruptFile)
        }
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: outputFile))
        guard let outputs = decoded as? [[Double]] else { throw CocoaError(.fileReadCorruptFile) }
        return outputs.map { $0.map(Float.init) }
    }
}
