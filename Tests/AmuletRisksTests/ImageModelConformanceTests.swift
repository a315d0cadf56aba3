import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Testing

/// Every attack, metric and defense of the Catalog runs on a tiny VGG and a tiny ResNet over
/// tiny generated images (3×8×8, two classes, a sensitive attribute).
@Suite(.serialized) struct ImageModelConformanceTests {
    /// 240 images: class 1 has a bright 3×3 square at the top left; the sensitive attribute
    /// 'tint' (a brighter blue plane) agrees with the class 70% of the time.
    static func images() -> DataSplit {
        var rng = SeededGenerator(seed: 41)
        let shape = ImageShape(channels: 3, height: 8, width: 8)
        var x = Matrix(rows: 240, cols: shape.pixelCount)
        var labels: [Int] = []
        var tint: [Int] = []
        for r in 0..<240 {
            let label = r % 2
            let group = rng.uniform(0, 1) < 0.7 ? label : 1 - label
            labels.append(label)
            tint.append(group)
            for j in 0..<shape.pixelCount {
                x[r, j] = rng.uniform(0, 0.5) + (j >= 128 && group == 1 ? 0.3 : 0)
            }
            if label == 1 {
                for c in 0..<3 {
                    for y in 0..<3 { for xx in 0..<3 { x[r, c * 64 + y * 8 + xx] += 0.5 } }
                }
            }
        }
        let all = Dataset(
            name: "tiny-images", features: x, labels: labels,
            featureNames: (0..<shape.pixelCount).map { "pixel\($0)" },
            classNames: ["plain", "square"],
            sensitive: [
                SensitiveAttribute(
                    name: "tint", positiveGroup: "blue", negativeGroup: "plain", values: tint)
            ], modality: .image(channels: 3, height: 8, width: 8))
        var split = SeededGenerator(seed: 42)
        let (train, test) = Splitter.stratified(labels: labels, secondFraction: 0.3, rng: &split)
        return DataSplit(
            train: all.subset(train), test: all.subset(test), identity: "tiny-images|seed=42")
    }

    static func scenario(_ model: String) throws -> Scenario {
        let split = images()
        var scenario = Scenario(
            datasetName: "tiny-images", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
        let call: PluginCall
        let recipe: Recipe
        if model == "vgg" {
            call = PluginCall(
                given: ParameterValues([
                    "width": .number(0.0625), "epochs": .number(2), "batch": .number(32),
                ]))
            recipe = try VGGPlugin.recipe(call, seed: 3, data: split.train)
        } else {
            call = PluginCall(
                given: ParameterValues([
                    "depth": .number(20), "width": .number(0.25), "epochs": .number(2),
                    "batch": .number(32),
                ]))
            recipe = try ResNetPlugin.recipe(call, seed: 3, data: split.train)
        }
        scenario.setModel(
            name: model, recipe: recipe, label: recipe.architecture.label, parameters: call.given)
        return scenario
    }

    static let experiment = Experiment(
        catalog: .builtIn, workbench: Workbench(cache: nil), seed: 1, threads: 1)

    @Test func imageModelsRefuseTablesAndUnknownDepths() throws {
        let folder = DataFolder(url: TestSupport.dataFolderURL())
        let german = try GermanCreditDataset.load(folder: folder, seed: 0)
        #expect(throws: ScenarioError.self) {
            try VGGPlugin.recipe(PluginCall(), seed: 0, data: german.train)
        }
        let call = PluginCall(given: ParameterValues(["depth": .number(21)]))
        #expect(throws: ScenarioError.self) {
            try ResNetPlugin.recipe(call, seed: 0, data: Self.images().train)
        }
        // capacity m1–m4 follow the Python Amulet's map.
        let m3 = try VGGPlugin.recipe(
            PluginCall(given: ParameterValues(["capacity": .text("m3")])), seed: 0,
            data: Self.images().train)
        #expect(m3.architecture.label == "vgg16")
        let m2 = try ResNetPlugin.recipe(
            PluginCall(given: ParameterValues(["capacity": .text("m2")])), seed: 0,
            data: Self.images().train)
        #expect(m2.architecture.label == "resnet50")
    }

    @Test(arguments: ["vgg", "resnet"])
    func everyAttackAndMetricRuns(model: String) throws {
        let plain = try Self.scenario(model)
        var defended: [Scenario] = []
        for entry in Catalog.builtIn.entries {
            guard case .defense(let plugin) = entry else { continue }
            var scenario = plain
            if (try? scenario.setDefenses([(plugin, PluginCall())])) != nil {
                defended.append(scenario)
            }
        }
        var ran: [String] = []
        for entry in Catalog.builtIn.entries {
            guard case .evaluation(let plugin) = entry else { continue }
            var reasons: [String] = []
            for scenario in [plain] + defended {
                do {
                    let result = try Self.experiment.evaluate(
                        plugin, call: PluginCall(), scenario: scenario)
                    #expect(!result.roles.isEmpty)
                    ran.append(plugin.spec.name)
                    break
                } catch let error as ScenarioError {
                    reasons.append("\(scenario.currentLabel): \(error)")
                }
            }
            #expect(ran.last == plugin.spec.name, "\(plugin.spec.name) ran on none: \(reasons)")
        }
        #expect(ran.count >= 10, "only \(ran)")
    }

    @Test(arguments: ["vgg", "resnet"])
    func everyDefenseTrains(model: String) throws {
        let base = try Self.scenario(model)
        var defended: [String] = []
        var textOnly: [String] = []
        for entry in Catalog.builtIn.entries {
            guard case .defense(let plugin) = entry else { continue }
            var scenario = base
            do {
                try scenario.setDefenses([(plugin, PluginCall())])
                let report = try Self.experiment.train(scenario)
                #expect(report.role == .defended)
                #expect((report.summary?.epochs ?? 0) > 0)
                if plugin.spec.name == "dp" {
                    #expect(
                        report.summary?.notes.contains { $0.contains("group norm") } == true,
                        "\(report.summary?.notes ?? [])")
                }
                defended.append(plugin.spec.name)
            } catch ScenarioError.unsupported(let reason) where reason.contains("not text") {
                textOnly.append(plugin.spec.name)
            } catch let error as ScenarioError {
                Issue.record("\(plugin.spec.name) on \(model): \(error)")
            }
        }
        // Only ONION, which purifies sentences, refuses images, and says so.
        #expect(textOnly == ["onion"])
        #expect(defended.count >= 6)
    }
}
