import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

/// import(export(m)) predicts what m predicts, bit for bit, for every kind of network.
@Suite struct ONNXExportTests {
    /// Exports `network`, imports the file, and returns the imported network.
    func roundTrip(_ network: Network, image: ImageShape? = nil) throws -> Network {
        let bytes = try ONNXExporter.model(network, image: image).encoded()
        return try ONNXImporter.importModel(bytes: bytes, name: "round-trip.onnx")
            .baselineNetwork()
    }

    func expectIdentical(_ a: Network, _ b: Network, on x: Matrix) {
        let (left, right) = (a.logits(x), b.logits(x))
        #expect(
            left.storage == right.storage,
            "logits differ: \(zip(left.storage, right.storage).map { abs($0 - $1) }.max() ?? 0)")
    }

    /// A network of `architecture` after a few training steps (so batch-norm statistics and
    /// weights are not their initial values).
    func trained(_ architecture: Architecture, width: Int, classes: Int) throws -> (Network, Matrix)
    {
        var rng = SeededGenerator(seed: 7)
        let x = TestSupport.randomMatrix(rows: 48, cols: width, rng: &rng)
        let labels = (0..<48).map { $0 % classes }
        let model = try Trainer().train(
            Recipe(architecture: architecture, epochs: 2, batchSize: 16, seed: 3),
            on: TrainingSet(features: x, labels: labels, classCount: classes))
        return (model.network, x)
    }

    @Test func mlpWithBatchNormAndDropoutRoundTripsBitForBit() throws {
        let (network, x) = try trained(
            .mlp(hidden: [12, 8], batchNorm: true, dropout: 0.2), width: 6, classes: 3)
        expectIdentical(network, try roundTrip(network), on: x)
    }

    @Test func logisticRegressionRoundTripsBitForBit() throws {
        let (network, x) = try trained(.logisticRegression, width: 5, classes: 2)
        expectIdentical(network, try roundTrip(network), on: x)
    }

    @Test func cnnRoundTripsBitForBitWithImageInput() throws {
        let image = ImageShape(channels: 1, height: 8, width: 8)
        let configuration = ConvolutionalConfiguration(
            image: image, channels: [3, 4], kernelSize: 3, hidden: [6])
        let (network, x) = try trained(.cnn(configuration), width: 64, classes: 4)
        let model = try ONNXExporter.model(network, image: image)
        #expect(model.graph.inputs.first?.shape == [nil, 1, 8, 8])
        expectIdentical(network, try roundTrip(network, image: image), on: x)
    }

    @Test(arguments: ["mlp_bn", "residual", "cnn", "logreg"])
    func importedFixturesRoundTripBitForBit(name: String) throws {
        let architecture = try ONNXImporter.importModel(
            bytes: ONNXFixtures.bytes(name), name: name)
        let network = architecture.baselineNetwork()
        let again = try roundTrip(network, image: architecture.image)
        expectIdentical(network, again, on: try ONNXFixtures.expected(name).inputMatrix)
        #expect(again.parameters == network.parameters)
    }

    @Test func encodedModelDecodesToTheSameMessage() throws {
        let model = try ONNXModelProto.decode(ONNXFixtures.bytes("residual"), file: "residual")
        let again = try ONNXModelProto.decode(model.encoded(), file: "again")
        #expect(again == model)
    }

    /// Exported files run in ONNX Runtime with our outputs (to 1e-5), when the project's
    /// runtime environment exists (scripts/onnx-venv, run by scripts/setup).
    @Test(
        .enabled(
            if: ONNXFixtures.runtimePython != nil,
            "skipped: .venv-onnx is missing; run scripts/onnx-venv (scripts/setup runs it)"),
        arguments: ["mlp_bn", "residual", "cnn", "logreg"])
    func exportedModelRunsInONNXRuntimeWithOurOutputs(name: String) throws {
        let python = try #require(ONNXFixtures.runtimePython)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-onnx-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let architecture = try ONNXImporter.importModel(
            bytes: ONNXFixtures.bytes(name), name: name)
        let network = architecture.baselineNetwork()
        let file = folder.appendingPathComponent("model.onnx")
        try Data(ONNXExporter.model(network, image: architecture.image).encoded()).write(to: file)
        let x = try ONNXFixtures.expected(name).inputMatrix
        let theirs = try ONNXFixtures.runInONNXRuntime(
            python: python, model: file, inputs: x,
            image: architecture.image.map { [$0.channels, $0.height, $0.width] }, folder: folder)
        let ours = network.logits(x)
        let worst = zip(ours.storage, theirs.flatMap { $0 }).map { abs($0 - $1) }.max() ?? .infinity
        #expect(theirs.count == ours.rows && worst <= 1e-5, "\(name): off by \(worst)")
    }
}
