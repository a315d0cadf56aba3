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

    /// A ResNet-20 at a quarter of the width on 3×8×8 images, after two epochs: stride-2
    /// convolutions, 1×1 strided shortcuts, and batch-norm per channel or group norm.
    func trainedResNet(_ normalization: ImageModelConfiguration.Normalization) throws -> (
        Network, Matrix, ImageShape
    ) {
        let image = ImageShape(channels: 3, height: 8, width: 8)
        let configuration = ImageModelConfiguration(
            family: .resnet, depth: 20, width: 0.25, normalization: normalization, image: image)
        let (network, x) = try trained(
            .imageModel(configuration), width: image.pixelCount, classes: 3)
        return (network, x, image)
    }

    @Test func resNetWithStridesAndPerChannelBatchNormRoundTripsBitForBit() throws {
        let (network, x, image) = try trainedResNet(.batch)
        #expect(network.layers.contains { ($0 as? Conv2D)?.stride == 2 })
        #expect(network.layers.contains { $0 is BatchNorm2D })
        let model = try ONNXExporter.model(network, image: image)
        #expect(model.opsets.first?.version == 13)
        #expect(model.graph.nodes.filter { $0.opType == "BatchNormalization" }.count == 21)
        let again = try roundTrip(network, image: image)
        expectIdentical(network, again, on: x)
        #expect(again.state == network.state, "running statistics")
    }

    @Test func resNetWithGroupNormRoundTripsBitForBitAsOpset21() throws {
        let (network, x, image) = try trainedResNet(.group)
        let model = try ONNXExporter.model(network, image: image)
        #expect(model.opsets.first?.version == 21)
        let norms = model.graph.nodes.filter { $0.opType == "GroupNormalization" }
        #expect(norms.count == 21)
        // 4 channels in the first stage: 2 groups of 2 (`GroupNorm.defaultGroups`).
        #expect(norms.first?.attribute("num_groups")?.int == 2)
        expectIdentical(network, try roundTrip(network, image: image), on: x)
    }

    @Test func opset18GroupNormSpreadsItsPerGroupScaleOverTheGroupsChannels() throws {
        let (network, x, image) = try trainedResNet(.group)
        var model = try ONNXExporter.model(network, image: image)
        // Rewrite the first group norm as opset 18 would hold it: one scale and bias per
        // group. Give every channel of a group its group's value first, so the model is the same.
        let norm = try #require(model.graph.nodes.first { $0.opType == "GroupNormalization" })
        let groups = Int(try #require(norm.attribute("num_groups")?.int))
        var network18 = network
        for k in 1...2 {
            let index = try #require(
                model.graph.initializers.firstIndex { $0.name == norm.inputs[k] })
            let perChannel = model.graph.initializers[index].floats
            let share = perChannel.count / groups
            let perGroup = (0..<groups).map { perChannel[$0 * share] }
            model.graph.initializers[index] = ONNXTensorProto(
                name: norm.inputs[k], dims: [groups], floats: perGroup)
            let layer = try #require(network.layers.first { $0 is GroupNorm })
            let offset = layer.parameterOffset + (k - 1) * perChannel.count
            for c in 0..<perChannel.count { network18.parameters[offset + c] = perGroup[c / share] }
        }
        let imported = try ONNXImporter.importModel(bytes: model.encoded(), name: "gn18.onnx")
        expectIdentical(network18, imported.baselineNetwork(), on: x)
    }

    @Test func stridedConvolutionsNeedEqualStridesAndAKernelThatFits() throws {
        let (network, _, image) = try trainedResNet(.batch)
        var model = try ONNXExporter.model(network, image: image)
        let conv = try #require(model.graph.nodes.firstIndex { $0.opType == "Conv" })
        let strides = try #require(
            model.graph.nodes[conv].attributes.firstIndex { $0.name == "strides" })
        model.graph.nodes[conv].attributes[strides] = .ints("strides", [1, 2])
        #expect {
            try ONNXImporter.importModel(bytes: model.encoded(), name: "uneven.onnx")
        } throws: { error in
            "\(error)".contains("uneven.onnx") && "\(error)".contains("strides=[1, 2]")
        }
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

    /// Runs `network` exported in ONNX Runtime on `x`; the largest difference from our logits.
    func worstDifferenceInONNXRuntime(
        _ network: Network, image: ImageShape?, on x: Matrix, python: URL
    ) throws -> Float {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-onnx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.onnx")
        try Data(ONNXExporter.model(network, image: image).encoded()).write(to: file)
        let theirs = try ONNXFixtures.runInONNXRuntime(
            python: python, model: file, inputs: x,
            image: image.map { [$0.channels, $0.height, $0.width] }, folder: folder)
        let ours = network.logits(x)
        guard theirs.count == ours.rows else { return .infinity }
        return zip(ours.storage, theirs.flatMap { $0 }).map { abs($0 - $1) }.max() ?? .infinity
    }

    /// Exported ResNets (strided convolutions, batch-norm per channel, group norm at opset 21)
    /// run in ONNX Runtime with our outputs, to 1e-5.
    @Test(
        .enabled(
            if: ONNXFixtures.runtimePython != nil,
            "skipped: .venv-onnx is missing; run scripts/onnx-venv (scripts/setup runs it)"),
        arguments: [ImageModelConfiguration.Normalization.batch, .group])
    func exportedResNetRunsInONNXRuntimeWithOurOutputs(
        normalization: ImageModelConfiguration.Normalization
    ) throws {
        let python = try #require(ONNXFixtures.runtimePython)
        let (network, x, image) = try trainedResNet(normalization)
        let worst = try worstDifferenceInONNXRuntime(network, image: image, on: x, python: python)
        #expect(worst <= 1e-5, "\(normalization): off by \(worst)")
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
