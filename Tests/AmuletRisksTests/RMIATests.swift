import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletRisks

/// RMIA against a hand-checked example and against LiRA on the same shadows of an Adult model.
@Suite(.serialized) struct RMIATests {
    /// Four examples, two shadows, every example in the population: scores as numpy gives them.
    ///
    /// p = sigmoid(s); online Pr(x) = mean over shadows; offline Pr(x) = 0.65·Pr_out(x) + 0.35;
    /// score = mean over z of [r(x)/r(z) > 1]. Ratios online (1.431, 0.739, 0.700, 1.905),
    /// offline (1.305, 0.663, 0.398, 1.033).
    @Test func scoresMatchAHandComputation() {
        let shadows = ShadowModels(
            keep: [[true, false, true, false], [false, true, false, true]],
            scores: [[1, 0.5, -1, 2], [0, 1, 0, -2]])
        let target: [Double] = [2, 0, -1, 3]
        let online = RMIAAttack(online: true, offlineA: 0.3).scores(
            targetScores: target, shadows: shadows, population: [0, 1, 2, 3])
        #expect(online == [0.5, 0.25, 0, 0.75])
        let offline = RMIAAttack(online: false, offlineA: 0.3).scores(
            targetScores: target, shadows: shadows, population: [0, 1, 2, 3])
        #expect(offline == [0.75, 0.25, 0, 0.5])
    }

    @Test func probabilitiesFromScaledLogitsRoundTrip() {
        for p in [1e-9, 0.2, 0.5, 0.9, 1 - 1e-12] {
            let s = Math.log(p) - Math.log1p(-p)
            #expect(abs(RMIAAttack.probability(fromScaledLogit: s) - p) < 1e-12)
            #expect(abs(RMIAAttack.logProbability(fromScaledLogit: s) - Math.log(p)) < 1e-9)
        }
    }

    /// Adult cut to 4,000 training rows (2,000 members), m1 trained 30 epochs to overfit.
    func scenario() throws -> Scenario {
        let full = try AdultDataset.load(
            folder: DataFolder(url: TestSupport.dataFolderURL()), seed: 0)
        let split = DataSplit(
            train: full.train.subset(Array(0..<4000)), test: full.test,
            identity: full.identity + "/first4000")
        var s = Scenario(
            datasetName: "adult", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
        var recipe = try MLPPlugin.recipe(PluginCall(), seed: 2)
        recipe.epochs = 30
        s.setModel(name: "mlp", recipe: recipe, label: "mlp-m1", parameters: ParameterValues())
        return s
    }

    @Test func rmiaFindsAtLeastAsManyMembersAsLiRAAtOnePercentFPRWithFourShadows() throws {
        let s = try scenario()
        let recipe = try #require(s.current)
        let workbench = Workbench(cache: nil)
        let context = RunContext(workbench: workbench, seed: 3, threads: 2)
        let trained = try workbench.model(recipe, scenario: s)
        let model = ModelUnderTest(
            role: .current, recipe: recipe, label: "t", model: trained.model, fromCache: false)
        func run(_ method: String) throws -> [String: Double] {
            let call = PluginCall(
                given: ParameterValues(["method": .text(method), "shadows": .number(4)]))
            let evaluation = try MembershipInferencePlugin.evaluate(
                call, model: model, scenario: s, context: context)
            return Dictionary(
                uniqueKeysWithValues: evaluation.measurements.map {
                    ($0.displayName, $0.value ?? .nan)
                })
        }
        let lira = try run("lira")
        let rmia = try run("rmia")
        let liraTPR = try #require(lira["mia.lira.tpr@1%fpr"])
        let rmiaTPR = try #require(rmia["mia.rmia.tpr@1%fpr"])
        let rmiaAUC = try #require(rmia["mia.rmia.auc"])
        #expect(rmiaTPR >= liraTPR, "RMIA TPR@1% \(rmiaTPR) vs LiRA \(liraTPR)")
        #expect(rmiaAUC > 0.58, "RMIA AUC \(rmiaAUC)")
    }
}
