import AmuletLearn
import AmuletTensor
import Foundation

/// Importing the ONNX fixtures and training their architectures against native networks.
enum ONNXBenchmarks {
    /// Import time of the residual fixture and epoch times against native networks.
    ///
    /// Median milliseconds to import the residual fixture, then seconds per epoch of its
    /// architecture against the same residual network written in Swift (the same layers and
    /// edges, built without a file: the ratio is what importing costs), against a sequential
    /// MLP with the same dense layers (what the graph, tanh and the constant scaling cost),
    /// and of the imported batch-norm MLP against the identical native `mlp hidden=[24] bn`.
    /// Epochs run over 20,000 seeded random rows of German credit's 44 features, after one
    /// warm-up training.
    static func residual(runner: BenchmarkRunner) throws -> [String: Any] {
        let folder = URL(fileURLWithPath: runner.currentDirectory)
            .appendingPathComponent("Tests/Fixtures/onnx")
        func load(_ name: String) throws -> [UInt8] {
            [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        let residualBytes = try load("residual.onnx")
        var importTimes: [Double] = []
        var residual: GraphArchitecture?
        for _ in 0..<21 {
            let start = DispatchTime.now().uptimeNanoseconds
            residual = try ONNXImporter.importModel(bytes: residualBytes, name: "residual.onnx")
            importTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        importTimes.sort()
        guard let residual else { throw BenchmarkError.failed("no import") }
        let mlp = try ONNXImporter.importModel(bytes: load("mlp_bn.onnx"), name: "mlp_bn.onnx")
        var rng = SeededGenerator(seed: 1)
        let rows = 20_000
        var features = Matrix(rows: rows, cols: 44)
        for i in features.storage.indices { features.storage[i] = rng.uniform(0, 1) }
        let labels = (0..<rows).map { features[$0, 0] + features[$0, 1] > 1 ? 1 : 0 }
        let set = TrainingSet(features: features, labels: labels, classCount: 2)
        func epochSeconds(_ architecture: Architecture) throws -> Double {
            let epochs = 5
            let recipe = Recipe(architecture: architecture, epochs: epochs, batchSize: 64, seed: 0)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try Trainer().train(recipe, on: set)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(epochs)
        }
        _ = try epochSeconds(.graph(residual))
        let residualEpoch = try epochSeconds(.graph(residual))
        let nativeResidualEpoch = try epochSeconds(.graph(nativeResidual()))
        let sequentialEpoch = try epochSeconds(
            .mlp(hidden: [16, 16, 16], batchNorm: false, dropout: 0))
        let importedMLP = try epochSeconds(.graph(mlp))
        let nativeMLP = try epochSeconds(.mlp(hidden: [24], batchNorm: true, dropout: 0))
        return [
            "bench": "onnx", "rows": rows, "batch": 64,
            "import_residual_ms": importTimes[importTimes.count / 2],
            "residual_seconds_per_epoch": residualEpoch,
            "native_sequential_seconds_per_epoch": sequentialEpoch,
            "native_residual_seconds_per_epoch": nativeResidualEpoch,
            "residual_vs_native_ratio": residualEpoch / nativeResidualEpoch,
            "residual_vs_sequential_ratio": residualEpoch / sequentialEpoch,
            "imported_mlp_bn_seconds_per_epoch": importedMLP,
            "native_mlp_bn_seconds_per_epoch": nativeMLP,
            "imported_vs_native_ratio": importedMLP / nativeMLP,
        ]
    }

    /// The residual fixture's network written in Swift: (x − 0.5)/0.25, dense 44→16, ReLU,
    /// a branch dense → tanh → dense added back, leaky ReLU, dense 16→2.
    static func nativeResidual() -> GraphArchitecture {
        let width = 44
        let nodes = [
            GraphNode(
                layer: .affine(
                    scale: [Float](repeating: 1, count: width),
                    shift: [Float](repeating: -0.5, count: width)), inputs: [-1]),
            GraphNode(
                layer: .affine(
                    scale: [Float](repeating: 4, count: width),
                    shift: [Float](repeating: 0, count: width)), inputs: [0]),
            GraphNode(layer: .dense(input: width, output: 16), inputs: [1]),
            GraphNode(layer: .relu, inputs: [2]),
            GraphNode(layer: .dense(input: 16, output: 16), inputs: [3]),
            GraphNode(layer: .activation(.tanh), inputs: [4]),
            GraphNode(layer: .dense(input: 16, output: 16), inputs: [5]),
            GraphNode(layer: .identity, inputs: [3, 6]),
            GraphNode(layer: .activation(.leakyReLU(alpha: 0.1)), inputs: [7]),
            GraphNode(layer: .dense(input: 16, output: 2), inputs: [8]),
        ]
        return GraphArchitecture(
            name: "native-residual", digest: "", nodes: nodes, inputWidth: width, classes: 2,
            image: nil, parameters: nodes.map { _ in [] }, state: nodes.map { _ in [] })
    }
}
