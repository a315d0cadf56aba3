import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Testing

/// Every attack, metric and defense of the Catalog runs against an imported ONNX model of the
/// matching modality: the residual fixture on German credit (tables), the CNN fixture on
/// digits (images).
@Suite(.serialized) struct ONNXConformanceTests {
    static func scenario(image: Bool) throws -> Scenario {
        let folder = DataFolder(url: TestSupport.dataFolderURL())
        let split =
            image
            ? try DigitsDataset.load(folder: folder, seed: 0)
            : try GermanCreditDataset.load(folder: folder, seed: 0)
        var scenario = Scenario(
            datasetName: image ? "digits" : "german", datasetParameters: ParameterValues(),
            data: split, memberFraction: 0.5, seed: 0)
        let file = ONNXFixtures.folder().appendingPathComponent(
            image ? "cnn.onnx" : "residual.onnx")
        let call = PluginCall(
            given: ParameterValues([
                "file": .text(file.path), "epochs": .number(2), "batch": .number(64),
            ]))
        let recipe = try ONNXPlugin.recipe(call, seed: 3, data: split.train)
        scenario.setModel(
            name: "onnx", recipe: recipe, label: recipe.architecture.label, parameters: call.given)
        return scenario
    }

    static let experiment = Experiment(
        catalog: .builtIn, workbench: Workbench(cache: nil), seed: 1, threads: 1)

    @Test func baselineIsTheFileAndNothingIsTrainedForIt() throws {
        let scenario = try Self.scenario(image: false)
        let role = try #require(scenario.roles.first)
        let model = try Self.experiment.model(role, in: scenario)
        #expect(model.model.summary.suppliedBy == "residual.onnx")
        #expect(model.model.summary.epochs == 0)
        #expect(try scenario.trainings(of: role, seed: 1).isEmpty)
        let graph = try ONNXImporter.importModel(
            bytes: ONNXFixtures.bytes("residual"), name: "residual.onnx")
        #expect(model.model.network.parameters == graph.baselineNetwork().parameters)
        #expect(role.recipe.identity.contains(graph.digest))
    }

    @Test func modelThatDoesNotFitTheDataNamesBothSides() throws {
        let folder = DataFolder(url: TestSupport.dataFolderURL())
        let german = try GermanCreditDataset.load(folder: folder, seed: 0)
        let file = ONNXFixtures.folder().appendingPathComponent("cnn.onnx")
        let call = PluginCall(given: ParameterValues(["file": .text(file.path)]))
        #expect {
            try ONNXPlugin.recipe(call, seed: 0, data: german.train)
        } throws: { error in
            let text = "\(error)"
            return text.contains("64 features") && text.contains("has 44")
                && text.contains("10 classes") && text.contains("1×8×8")
        }
    }

    @Test func everyAttackAndMetricRunsAgainstAnImportedModel() throws {
        let plain = [try Self.scenario(image: false), try Self.scenario(image: true)]
        // A metric that checks what a defense added (a watermark) runs on a scenario with
        // that defense; those are tried only when the plain scenarios are refused.
        var defended: [Scenario] = []
        for entry in Catalog.builtIn.entries {
            guard case .defense(let plugin) = entry else { continue }
            var scenario = plain[0]
            if (try? scenario.setDefenses([(plugin, PluginCall())])) != nil {
                defended.append(scenario)
            }
        }
        var ran: [String] = []
        for entry in Catalog.builtIn.entries {
            guard case .evaluation(let plugin) = entry else { continue }
            var reasons: [String] = []
            for scenario in plain + defended {
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

    @Test func everyDefenseTrainsAnImportedArchitecture() throws {
        let scenarios = [try Self.scenario(image: false), try Self.scenario(image: true)]
        var defended: [String] = []
        var textOnly: [String] = []
        for entry in Catalog.builtIn.entries {
            guard case .defense(let plugin) = entry else { continue }
            var reasons: [String] = []
            for base in scenarios {
                var scenario = base
                do {
                    try scenario.setDefenses([(plugin, PluginCall())])
                    let report = try Self.experiment.train(scenario)
                    #expect(report.role == .defended)
                    #expect((report.summary?.epochs ?? 0) > 0)
                    defended.append(plugin.spec.name)
                    break
                } catch ScenarioError.unsupported(let reason) where reason.contains("not text") {
                    reasons.append("\(base.datasetName): text only")
                } catch let error as ScenarioError {
                    reasons.append("\(base.datasetName): \(error)")
                }
            }
            if reasons.count == scenarios.count, reasons.allSatisfy({ $0.hasSuffix("text only") }) {
                textOnly.append(plugin.spec.name)
                continue
            }
            #expect(defended.last == plugin.spec.name, "\(plugin.spec.name): \(reasons)")
        }
        // Only ONION, which purifies sentences, refuses tables and images, and says so.
        #expect(textOnly == ["onion"])
        #expect(defended.count >= 6)
    }
}
