import AmuletData
import AmuletLearn
import AmuletRisks
import Testing

/// Declared costs: every evaluation and defense declares the models it trains, and what it
/// declares is exactly what a real run trains (same count, same workbench keys).
@Suite(.serialized) struct PluginCostTests {
    static let smallMLP = Architecture.mlp(hidden: [8], batchNorm: false, dropout: 0)

    func scenario() throws -> Scenario {
        let data = try SyntheticDataset.make(
            rows: 600, features: 5, separation: 2, correlation: 0.5, seed: 9)
        var scenario = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: data,
            memberFraction: 0.5, seed: 9)
        let recipe = Recipe(
            architecture: Self.smallMLP, optimizer: .adam(learningRate: 0.01, weightDecay: 0),
            epochs: 2, batchSize: 64, seed: 3)
        scenario.setModel(
            name: "mlp", recipe: recipe, label: recipe.architecture.label,
            parameters: ParameterValues())
        return scenario
    }

    @Test func everyEvaluationAndDefenseDeclaresItsCost() {
        for entry in Catalog.builtIn.entries {
            switch entry {
            case .evaluation, .defense:
                #expect(entry.spec.cost != nil, "\(entry.spec.name) declares no cost")
            case .dataset, .model:
                continue
            }
        }
    }

    /// Runs `plugin` with `given` on a fresh in-memory workbench and checks that the models it
    /// trained are exactly the declared ones; returns the declared count.
    @discardableResult
    func declaredMatchesTrained(
        _ plugin: any EvaluationPlugin.Type, _ given: [String: ParameterValue] = [:],
        defenses: [(plugin: any DefensePlugin.Type, call: PluginCall)] = []
    ) throws -> Int {
        var s = try scenario()
        if !defenses.isEmpty { try s.setDefenses(defenses) }
        let call = PluginCall(given: ParameterValues(given))
        let declared = try s.trainings(evaluating: plugin, call: call, seed: 5)
        let keys = Set(declared.compactMap(\.key))
        #expect(keys.count == declared.count, "\(plugin.spec.name): every key is known")
        let memory = ModelMemory()
        let experiment = Experiment(
            catalog: .builtIn, workbench: Workbench(cache: nil, memory: memory), seed: 5,
            threads: 1)
        _ = try experiment.evaluate(plugin, call: call, scenario: s)
        #expect(memory.count == keys.count, "\(plugin.spec.name): trained \(memory.count)")
        for key in keys { #expect(memory.model(key) != nil, "\(plugin.spec.name): \(key)") }
        return keys.count
    }

    @Test func shadowModelsAreTheDeclaredOnes() throws {
        // One target plus four shadows.
        #expect(
            try declaredMatchesTrained(MembershipInferencePlugin.self, ["shadows": .number(4)]) == 5
        )
        #expect(
            try declaredMatchesTrained(
                MembershipInferencePlugin.self, ["method": .text("loss")]) == 1)
    }

    @Test func distributionPopulationsAreTheDeclaredOnes() throws {
        // 2 × models + 2 × tests, plus the target.
        let count = try declaredMatchesTrained(
            DistributionInferencePlugin.self,
            [
                "attribute": .text("group"), "ratio1": .number(0.3), "ratio2": .number(0.7),
                "models": .number(3), "tests": .number(2), "rows": .number(40),
                "test": .text("kl"),
            ])
        #expect(count == 1 + 2 * 3 + 2 * 2)
    }

    @Test func surrogatesAndPoisonedRetrainsAreTheDeclaredOnes() throws {
        #expect(try declaredMatchesTrained(ModelExtractionPlugin.self) == 2)
        #expect(try declaredMatchesTrained(LabelFlipPlugin.self) == 2)
        #expect(try declaredMatchesTrained(BackdoorPlugin.self) == 2)
        #expect(
            try declaredMatchesTrained(FingerprintPlugin.self, ["suspect": .text("independent")])
                == 2)
        #expect(try declaredMatchesTrained(AccuracyMetric.self) == 1)
    }

    @Test func aDefenseDeclaresTheDefendedRetrain() throws {
        // Baseline and defended model, and a surrogate of each.
        let outliers: [(plugin: any DefensePlugin.Type, call: PluginCall)] = [
            (OutlierRemovalPlugin.self, PluginCall())
        ]
        #expect(try declaredMatchesTrained(AccuracyMetric.self, defenses: outliers) == 2)
        #expect(try declaredMatchesTrained(ModelExtractionPlugin.self, defenses: outliers) == 4)
    }

    @Test func adversarialTrainingCostsItsAttackStepsPerEpoch() throws {
        var s = try scenario()
        try s.setDefenses([
            (
                AdversarialTrainingPlugin.self,
                PluginCall(given: ParameterValues(["steps": .number(4)]))
            )
        ])
        let defended = try #require(s.roles.last)
        let trainings = try s.trainings(of: defended, seed: 1)
        #expect(trainings.count == 1)
        // Each of the 4 PGD steps costs 2/3 of a training step (forward and input gradient).
        let factor = 1 + 4 * 2.0 / 3
        #expect(abs((trainings.first?.workFactor ?? 0) - factor) < 1e-12)
        // 3 × parameters × rows × epochs × factor; the [8] MLP on 5 features and 2 classes
        // has 5·8 + 8 + 8·2 + 2 = 66 parameters.
        let rows = Double(s.memberIndices.count)
        let work = try #require(trainings.first).multiplyAccumulates(inputWidth: 5, classes: 2)
        #expect(abs(work - 3 * 66 * rows * 2 * factor) < 1e-6 * work)
    }
}
