import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTestSupport
import Testing

/// An attack that trains one model of its own through the workbench, as shadows,
/// populations, surrogates and retrains do: on every member (healthy) or on the members of
/// one class only (a model that can only answer that class).
private enum OwnModelProbe: EvaluationPlugin {
    static let oneClassOnly = Parameter<Bool>(
        "one_class", default: false, doc: "train the probe's model on class-0 members only")

    static let spec = PluginSpec(
        name: "own_model_probe", kind: .attack, summary: "trains one model of its own",
        risk: .utility, explanation: "test plug-in", parameters: [oneClassOnly.spec],
        reports: [AccuracyMetric.testAccuracy])

    static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        var recipe = model.recipe
        recipe.seed &+= 1
        let train = scenario.data.train
        let rows =
            call[oneClassOnly]
            ? scenario.memberIndices.filter { train.labels[$0] == 0 } : scenario.memberIndices
        _ = try context.workbench.model(recipe, scenario: scenario, rows: rows)
        return Evaluation(measurements: [Measurement(AccuracyMetric.testAccuracy, value: 0.5)])
    }
}

/// Every model a plug-in trains passes the same degenerate-model check as the target.
@Suite(.serialized) struct AuxiliaryModelHealthTests {
    func scenario() throws -> Scenario {
        let data = try SyntheticDataset.make(
            rows: 800, features: 4, separation: 3, correlation: 0, seed: 5)
        var scenario = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: data,
            memberFraction: 0.5, seed: 5)
        let recipe = Recipe(
            architecture: .mlp(hidden: [8], batchNorm: false, dropout: 0),
            optimizer: .adam(learningRate: 0.01, weightDecay: 0), epochs: 5, batchSize: 32,
            seed: 3)
        scenario.setModel(
            name: "mlp", recipe: recipe, label: "mlp", parameters: ParameterValues())
        return scenario
    }

    @Test func aNearConstantModelOfThePluginsOwnFlagsItsRows() throws {
        let experiment = Experiment(
            catalog: .builtIn, workbench: Workbench(cache: nil), seed: 1, threads: 1)
        let s = try scenario()
        let call = PluginCall(given: ParameterValues(["one_class": .flag(true)]))
        let result = try experiment.evaluate(OwnModelProbe.self, call: call, scenario: s)
        // The target learned (separation 3), so only the probe's own model is degenerate.
        #expect(result.roles[0].health?.isDegenerate == false)
        #expect(
            result.roles[0].measurements.allSatisfy {
                $0.flags == [.degenerateAuxiliaryModel]
            })
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("1 of the 1 models the attack trained") == true)
        // Trained on every member instead, the same probe is healthy and flags nothing.
        let healthy = try experiment.evaluate(OwnModelProbe.self, call: PluginCall(), scenario: s)
        #expect(healthy.roles[0].measurements.allSatisfy { $0.flags.isEmpty })
        #expect(healthy.warnings.isEmpty)
    }
}
