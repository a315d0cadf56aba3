import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTestSupport
import Testing

/// The experiment layer: roles, training reports, degenerate-model flags, model-free answers
/// and DP-SGD's recommended training.
@Suite(.serialized) struct ExperimentTests {
    func scenario(
        separation: Double = 3, recipe: Recipe, parameters: [String: ParameterValue] = [:]
    ) throws -> Scenario {
        let data = try SyntheticDataset.make(
            rows: 1200, features: 6, separation: separation, correlation: 0.5, seed: 4)
        var scenario = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: data,
            memberFraction: 0.5, seed: 4)
        scenario.setModel(
            name: "mlp", recipe: recipe, label: recipe.architecture.label,
            parameters: ParameterValues(parameters))
        return scenario
    }

    func experiment() -> Experiment {
        Experiment(catalog: .builtIn, workbench: Workbench(cache: nil), seed: 1, threads: 1)
    }

    static let smallMLP = Architecture.mlp(hidden: [16], batchNorm: false, dropout: 0)

    @Test func aModelThatLearnedNothingIsWarnedAboutAndItsRowsFlagged() throws {
        // lr 1e-7 for one epoch leaves the initial weights: one class for (nearly) everyone.
        let recipe = Recipe(
            architecture: Self.smallMLP, optimizer: .adam(learningRate: 1e-7, weightDecay: 0),
            epochs: 1, batchSize: 32, seed: 2)
        let s = try scenario(separation: 0, recipe: recipe)
        let result = try experiment().evaluate(
            AccuracyMetric.self, call: PluginCall(), scenario: s)
        let health = try #require(result.roles.first?.health)
        // Independent check of the rule: the share of the most predicted class, by hand.
        let trained = try Workbench(cache: nil).model(recipe, scenario: s)
        let predictions = trained.model.network.predictions(s.data.test.features)
        let ones = Double(predictions.filter { $0 == 1 }.count) / Double(predictions.count)
        #expect(abs(health.dominantShare - max(ones, 1 - ones)) < 1e-12)
        #expect(health.isDegenerate)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("near-constant") == true)
        #expect(result.roles[0].measurements.allSatisfy { $0.flags.contains(.degenerateModel) })
    }

    @Test func aModelThatLearnedIsNotFlagged() throws {
        let recipe = Recipe(
            architecture: Self.smallMLP, optimizer: .adam(learningRate: 0.01, weightDecay: 0),
            epochs: 10, batchSize: 32, seed: 2)
        let s = try scenario(recipe: recipe)
        let result = try experiment().evaluate(
            AccuracyMetric.self, call: PluginCall(), scenario: s)
        // Separation 3: Bayes accuracy Φ(1.5) = 0.933; majority rate about 0.5.
        let accuracy = try #require(result.roles[0].measurements.first?.value)
        #expect(accuracy > 0.85)
        #expect(result.warnings.isEmpty)
        #expect(result.roles[0].measurements.allSatisfy { $0.flags.isEmpty })
    }

    @Test func privacyForGivenSettingsNeedsNoScenario() throws {
        let given: [String: ParameterValue] = [
            "sigma": .number(1.1), "q": .number(256.0 / 60_000), "steps": .number(14_063),
        ]
        let rdp = PluginCall(
            given: ParameterValues(given.merging(["accountant": .text("rdp")]) { a, _ in a }))
        let result = try experiment().evaluate(PrivacyMetric.self, call: rdp, scenario: nil)
        let epsilon = result.roles[0].measurements.first { $0.metric == PrivacyMetric.epsilon }
        // Opacus's RDP accountant: ε = 2.597 at δ = 1e-5 for these settings (MNIST example).
        #expect(abs((epsilon?.value ?? 0) - 2.597) < 0.05)
        // The default PRV accountant: Opacus's PRVAccountant.get_epsilon gives 2.39184.
        let prv = try experiment().evaluate(
            PrivacyMetric.self, call: PluginCall(given: ParameterValues(given)), scenario: nil)
        let prvEpsilon = prv.roles[0].measurements.first { $0.metric == PrivacyMetric.epsilon }
        #expect(abs((prvEpsilon?.value ?? 0) - 2.39184) < 1e-4)
        #expect(throws: ScenarioError.noDataset) {
            try experiment().evaluate(AccuracyMetric.self, call: PluginCall(), scenario: nil)
        }
    }

    @Test func aDefenseRecommendsTrainingOnlyWhereTrainSetNothing() throws {
        let recipe = Recipe(architecture: Self.smallMLP, epochs: 4, batchSize: 32, seed: 2)
        var s = try scenario(
            recipe: recipe, parameters: ["epochs": .number(4), "lr": .number(1e-3)])
        try s.setDefenses([(DPSGDPlugin.self, PluginCall())])
        let defended = try #require(s.current)
        let recommended = try #require(DPSGDPlugin.recommendedTraining)
        #expect(defended.epochs == 4, "epochs were given to train")
        #expect(defended.optimizer.learningRate == 1e-3, "lr was given to train")
        #expect(defended.batchSize == recommended.batchSize)
        let notes = s.defendedTraining([DPSGDPlugin.self]).notes
        #expect(notes.count == 1 && notes[0].contains("batch=\(recommended.batchSize ?? 0)"))
        #expect(s.baseline?.batchSize == 32, "the baseline keeps its own settings")
    }

    /// The README's pipeline: `load adult; train mlp; defend dp eps=…` must learn, not collapse
    /// to the majority class (0.761); the Python Amulet's DP-SGD setting reaches 0.83.
    @Test(arguments: [(0.5, 0.80), (1.0, 0.82), (8.0, 0.82)])
    func dpDefaultsOnAdultGiveAUsefulModel(epsilon: Double, floor: Double) throws {
        let split = try AdultDataset.load(
            folder: DataFolder(url: TestSupport.dataFolderURL()), seed: 0)
        var s = Scenario(
            datasetName: "adult", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
        let recipe = try MLPPlugin.recipe(PluginCall(), seed: 2)
        s.setModel(name: "mlp", recipe: recipe, label: "mlp-m1", parameters: ParameterValues())
        try s.setDefenses([
            (DPSGDPlugin.self, PluginCall(given: ParameterValues(["eps": .number(epsilon)])))
        ])
        let result = try experiment().evaluate(
            AccuracyMetric.self, call: PluginCall(), scenario: s)
        let defended = try #require(result.roles.first { $0.role == .defended })
        let accuracy = try #require(
            defended.measurements.first { $0.metric == AccuracyMetric.testAccuracy }?.value)
        #expect(accuracy >= floor, "DP accuracy at ε=\(epsilon): \(accuracy)")
        #expect(defended.health?.isDegenerate == false)
        let spent = defended.measurements.first { $0.metric == PrivacyMetric.epsilon }?.value
        #expect((spent ?? 99) <= epsilon + 1e-6)
    }
}
