import AmuletData
import AmuletLearn
import AmuletRisks
import Foundation
import Testing

/// A defense's declared cost against the time its training really takes.
///
/// A plan's ETA is work over a throughput; the work of a defended model is what the defense
/// declares (`stepWorkFactor`, `preparationWork`). Each test trains the baseline and the
/// defended model of one scenario, alternately, three times each, keeps the fastest time of
/// each (the run least disturbed by other work on the machine), and checks that the measured
/// ratio defended/baseline is within a factor of 2 of the declared ratio. A ratio of two times
/// measured in the same process is independent of the machine's speed, and the minimum of
/// alternating runs of both is robust to load that comes and goes.
@Suite(.serialized) struct DefenseCostTests {
    /// A scenario of the size a real audit trains at (the m1 network, 128-256-128, batches
    /// of 256, 6,000 members of 40 features), for one epoch: products dominate each step, as
    /// they do in the runs whose ETA matters; a toy network would measure fixed overheads.
    func scenario() throws -> Scenario {
        let data = try SyntheticDataset.make(
            rows: 24000, features: 40, separation: 2, correlation: 0.3, seed: 5)
        var scenario = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: data,
            memberFraction: 0.5, seed: 5)
        let recipe = Recipe(
            architecture: .mlp(hidden: [128, 256, 128], batchNorm: false, dropout: 0),
            optimizer: .adam(learningRate: 0.001, weightDecay: 0), epochs: 1, batchSize: 256,
            seed: 3)
        // Settings given to `train`, so DP-SGD's recommended ones do not apply: both models
        // train the same epochs on the same batches.
        scenario.setModel(
            name: "mlp", recipe: recipe, label: recipe.architecture.label,
            parameters: ParameterValues([
                "epochs": .number(1), "batch": .number(256), "lr": .number(0.001),
            ]))
        return scenario
    }

    /// The declared work of the baseline and the defended model with `defense` (`given`), and
    /// the fastest of three alternating trainings of each.
    func measure(_ defense: String, _ given: [String: ParameterValue]) throws -> (
        declared: Double, measured: Double
    ) {
        var s = try scenario()
        let entry = try #require(Catalog.builtIn.entry(.defense, defense))
        guard case .defense(let plugin) = entry else {
            Issue.record("\(defense) is not a defense")
            return (0, 0)
        }
        try s.setDefenses([(plugin, PluginCall(given: ParameterValues(given)))])
        let roles = s.roles
        let baseline = try #require(roles.first { $0.role == .baseline })
        let defended = try #require(roles.first { $0.role == .defended })
        let width = s.data.train.features.cols
        let classes = s.data.train.classCount
        let baseWork = try #require(try s.trainings(of: baseline, seed: 1).first)
            .multiplyAccumulates(inputWidth: width, classes: classes)
        let defendedWork = try s.trainings(of: defended, seed: 1).reduce(0) {
            $0 + $1.multiplyAccumulates(inputWidth: width, classes: classes)
        }
        let set = s.trainingSet()
        let clock = ContinuousClock()
        func seconds(_ recipe: Recipe) throws -> Double {
            let start = clock.now
            _ = try Trainer().train(recipe, on: set)
            let elapsed = start.duration(to: clock.now)
            return Double(elapsed.components.seconds)
                + Double(elapsed.components.attoseconds) * 1e-18
        }
        var fastestBase = Double.infinity
        var fastestDefended = Double.infinity
        for _ in 0..<3 {
            fastestBase = min(fastestBase, try seconds(baseline.recipe))
            fastestDefended = min(fastestDefended, try seconds(defended.recipe))
        }
        return (defendedWork / baseWork, fastestDefended / fastestBase)
    }

    func expectWithinTwofold(_ defense: String, _ given: [String: ParameterValue]) throws {
        let (declared, measured) = try measure(defense, given)
        #expect(declared > 0 && measured > 0)
        let ratio = measured / declared
        #expect(
            ratio >= 0.5 && ratio <= 2,
            "\(defense): declared \(declared)× the baseline's work, measured \(measured)×")
    }

    @Test func adversarialTrainingCostsItsStepsWithinTwofold() throws {
        try expectWithinTwofold("adv", ["steps": .number(5)])
    }

    @Test func dpSGDCostsItsPerSampleWorkWithinTwofold() throws {
        try expectWithinTwofold("dp", ["eps": .number(8)])
    }

    @Test func outlierRemovalCostsItsKNNShapleyWithinTwofold() throws {
        try expectWithinTwofold("outliers", [:])
    }

    @Test func shadowModelsOfADefendedRecipeCarryItsWork() throws {
        var s = try scenario()
        let entry = try #require(Catalog.builtIn.entry(.defense, "adv"))
        guard case .defense(let plugin) = entry else { return }
        try s.setDefenses([(plugin, PluginCall(given: ParameterValues(["steps": .number(4)])))])
        let defended = try #require(s.roles.last)
        // A shadow model LiRA trains with the target's recipe: 4 PGD steps of 2/3 of a
        // training step each, and the training step.
        let shadow = ModelTraining(
            purpose: "shadow model", recipe: defended.recipe, scenario: s)
        #expect(abs(shadow.workFactor - (1 + 4 * 2.0 / 3)) < 1e-12)
    }
}
