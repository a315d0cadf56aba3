import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

/// The fixtures written by torch.onnx.export and skl2onnx import and predict what their
/// frameworks predicted (the expected outputs were computed by those frameworks).
@Suite struct ONNXImportTests {
    /// The engine's outputs in the form the fixture recorded.
    func outputs(of network: Network, _ expected: ONNXFixtures.Expected) -> Matrix {
        let logits = network.logits(expected.inputMatrix)
        switch expected.output {
        case "probabilities": return logits.softmaxRows()
        case "log_probabilities": return logits.softmaxRows().map { Math.log($0) }
        default: return logits
        }
    }

    @Test(arguments: ["mlp_bn", "residual", "cnn", "logreg"])
    func fixturePredictsWhatItsFrameworkPredicted(name: String) throws {
        let architecture = try ONNXImporter.importModel(
            bytes: ONNXFixtures.bytes(name), name: "\(name).onnx")
        let expected = try ONNXFixtures.expected(name)
        let ours = outputs(of: architecture.baselineNetwork(), expected)
        let theirs = Matrix(expected.outputs)
        #expect(ours.rows == theirs.rows && ours.cols == theirs.cols)
        let worst = zip(ours.storage, theirs.storage).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-5, "\(name): largest difference from \(expected.producer) is \(worst)")
    }

    @Test func residualFixtureIsAGraphAndTheOthersAreSequences() throws {
        let residual = try ONNXImporter.importModel(
            bytes: ONNXFixtures.bytes("residual"), name: "residual.onnx")
        #expect(!residual.isSequential)
        #expect(residual.nodes.contains { $0.inputs.count == 2 })
        // Sub, Div, stem, relu, branch (dense, tanh, dense), add, leaky, head (MatMul + Add
        // folded into one dense layer).
        #expect(residual.nodes.count == 10)
        for name in ["mlp_bn", "cnn", "logreg"] {
            let architecture = try ONNXImporter.importModel(
                bytes: ONNXFixtures.bytes(name), name: name)
            #expect(architecture.isSequential, "\(name)")
        }
    }

    @Test func fixturesReportTheirShapes() throws {
        let cnn = try ONNXImporter.importModel(bytes: ONNXFixtures.bytes("cnn"), name: "cnn.onnx")
        #expect(cnn.image == ImageShape(channels: 1, height: 8, width: 8))
        #expect(cnn.inputWidth == 64 && cnn.classes == 10)
        let logreg = try ONNXImporter.importModel(
            bytes: ONNXFixtures.bytes("logreg"), name: "logreg.onnx")
        #expect(logreg.inputWidth == 44 && logreg.classes == 2 && logreg.image == nil)
        #expect(logreg.name == "logreg.onnx")
        #expect(logreg.digest.count == 64)
    }

    @Test func unsupportedOperatorNamesNodeOperatorFileAndTheSupportedList() throws {
        var model = try ONNXModelProto.decode(ONNXFixtures.bytes("mlp_bn"), file: "mlp_bn.onnx")
        model.graph.nodes[2].opType = "Elu"
        model.graph.nodes[2].name = "act1"
        #expect {
            try ONNXImporter.importModel(bytes: model.encoded(), name: "edited.onnx")
        } throws: { error in
            guard
                case .unsupportedOperator(let file, let node, let op, let supported)? =
                    error as? ONNXError
            else { return false }
            let text = (error as? ONNXError)?.description ?? ""
            return file == "edited.onnx" && node == "act1" && op == "Elu"
                && supported.contains("Gemm") && text.contains("Conv")
        }
    }

    @Test func truncatedFileIsAnErrorNamingTheFile() throws {
        let bytes = try ONNXFixtures.bytes("cnn")
        #expect {
            try ONNXImporter.importModel(
                bytes: Array(bytes.prefix(bytes.count / 2)), name: "half.onnx")
        } throws: { error in
            guard case .malformed(let file, _, _)? = error as? ONNXError else { return false }
            return file == "half.onnx"
        }
    }

    @Test func importedModelTrainsFromScratchAndFromTheFile() throws {
        var architecture = try ONNXImporter.importModel(
            bytes: ONNXFixtures.bytes("residual"), name: "residual.onnx")
        var rng = SeededGenerator(seed: 5)
        let x = TestSupport.randomMatrix(rows: 64, cols: 44, rng: &rng)
        let labels = (0..<64).map { x[$0, 0] > 0 ? 1 : 0 }
        let set = TrainingSet(features: x, labels: labels, classCount: 2)
        let trainer = Trainer()
        let scratch = try trainer.train(
            Recipe(architecture: .graph(architecture), epochs: 40, batchSize: 16, seed: 1), on: set)
        #expect(scratch.network.accuracy(x, labels: labels) > 0.9)
        architecture.initialization = .file
        let tuned = try trainer.train(
            Recipe(architecture: .graph(architecture), epochs: 0, seed: 1), on: set)
        // Zero epochs from the file's weights is the file's model.
        #expect(tuned.network.parameters == architecture.baselineNetwork().parameters)
    }

    @Test func importedModelSurvivesACheckpointAndTheModelCache() throws {
        var architecture = try ONNXImporter.importModel(
            bytes: ONNXFixtures.bytes("residual"), name: "residual.onnx")
        architecture.initialization = .file
        var rng = SeededGenerator(seed: 6)
        let x = TestSupport.randomMatrix(rows: 32, cols: 44, rng: &rng)
        let set = TrainingSet(features: x, labels: (0..<32).map { $0 % 2 }, classCount: 2)
        let recipe = Recipe(architecture: .graph(architecture), epochs: 2, batchSize: 8, seed: 1)
        let model = try Trainer().train(recipe, on: set)
        let decoded = try Checkpoint.decode(Checkpoint.encode(model, cacheKey: "k"), cacheKey: "k")
        #expect(decoded.architecture == model.architecture)
        #expect(decoded.network.logits(x).storage == model.network.logits(x).storage)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-onnx-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = ModelCache(directory: folder)
        let key = ModelCache.key(datasetIdentity: "d", memberIndices: [0, 1], recipe: recipe)
        #expect(recipe.identity.contains(architecture.digest))
        _ = try cache.model(key: key) { model }
        let (again, fromCache) = try cache.model(key: key) { throw CancellationError() }
        #expect(fromCache)
        #expect(again.network.parameters == model.network.parameters)
    }
}
