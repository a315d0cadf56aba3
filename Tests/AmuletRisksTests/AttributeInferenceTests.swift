import AmuletData
import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletRisks

/// Attribute inference on real Adult data, checked against quantities computed here.
@Suite(.serialized) struct AttributeInferenceTests {
    /// Adult, loaded once for the Adult tests of this file and `FairnessDefenseTests`.
    static let adult = Result {
        try AdultDataset.load(folder: DataFolder(url: TestSupport.dataFolderURL()), seed: 0)
    }

    /// Adult with half the training split as members and a small, fast MLP.
    static func adultScenario() throws -> Scenario {
        let split = try adult.get()
        var s = Scenario(
            datasetName: "adult", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
        let recipe = Recipe(
            architecture: .mlp(hidden: [64, 64], batchNorm: false, dropout: 0), epochs: 4,
            batchSize: 128, seed: 2)
        s.setModel(name: "mlp", recipe: recipe, label: "mlp-small", parameters: ParameterValues())
        return s
    }

    /// One in-memory model store for the Adult tests of this file and `FairnessDefenseTests`:
    /// models are keyed by data, rows and recipe, so sharing it only skips retraining.
    static let workbench = Workbench(cache: nil)

    /// The Mann–Whitney AUC P(s⁺ > s⁻) + ½P(s⁺ = s⁻), by counting pairs (no ROC curve).
    static func pairCountAUC(_ scores: [Double], _ truth: [Int]) -> Double {
        let positives = zip(scores, truth).filter { $1 == 1 }.map(\.0).sorted()
        let negatives = zip(scores, truth).filter { $1 == 0 }.map(\.0).sorted()
        var wins = 0.0
        var below = 0
        var equal = 0
        for p in positives {
            while below < negatives.count && negatives[below] < p { below += 1 }
            equal = below
            while equal < negatives.count && negatives[equal] == p { equal += 1 }
            wins += Double(below) + 0.5 * Double(equal - below)
        }
        return wins / Double(positives.count * negatives.count)
    }

    @Test func gmeanThresholdMatchesAHandWorkedExample() {
        // Scores 0.9 0.8 0.7 0.6 0.4 0.3 with truth 1 0 1 1 0 0. √(TPR·(1 − FPR)) per
        // threshold: 0.9 → √(1/3), 0.8 → √(2/9), 0.7 → 2/3, 0.6 → √(2/3) (the best),
        // 0.4 → √(1/3), 0.3 → 0.
        let scores = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3]
        let truth = [1, 0, 1, 1, 0, 0]
        #expect(AttributeInferenceAttack.balancedThreshold(scores: scores, truth: truth) == 0.6)
        let result = AttributeInferenceResult(
            attribute: "a", scores: scores, truth: truth, threshold: 0.6)
        // Predictions 1 1 1 1 0 0: TPR 1, TNR 2/3 → balanced accuracy 5/6.
        expectClose(result.balancedAccuracy ?? .nan, 5.0 / 6)
        // Pairs: positives {.9, .7, .6} against negatives {.8, .4, .3}: 3 + 2 + 2 of 9 won.
        expectClose(result.auc ?? .nan, 7.0 / 9)
        expectClose(result.majorityRate, 0.5)
        let constant = AttributeInferenceResult(
            attribute: "a", scores: [0.5, 0.5, 0.5], truth: [1, 0, 0], threshold: 0.5)
        expectClose(constant.balancedAccuracy ?? .nan, 0.5)
        expectClose(constant.auc ?? .nan, 0.5)
        let oneGroup = AttributeInferenceResult(
            attribute: "a", scores: [0.1, 0.9], truth: [1, 1], threshold: 0.5)
        #expect(oneGroup.balancedAccuracy == nil && oneGroup.auc == nil)
    }

    @Test func outputsRevealSexBetterThanGuessingOnAdult() throws {
        let s = try Self.adultScenario()
        let experiment = Experiment(
            catalog: .builtIn, workbench: Self.workbench, seed: 1, threads: 1)
        let call = PluginCall(given: ParameterValues(["epochs": .number(8)]))
        let result = try experiment.evaluate(AttributeInferencePlugin.self, call: call, scenario: s)
        let role = try #require(result.roles.first)
        var values: [String: Double] = [:]
        for m in role.measurements { values[m.displayName] = m.value }
        let sexBalanced = try #require(values["attribute.sex.balanced_accuracy"])
        let sexAUC = try #require(values["attribute.sex.auc"])
        // A constant guess (the majority, Male) has balanced accuracy 0.5 and AUC 0.5.
        #expect(sexBalanced > 0.56, "sex balanced accuracy \(sexBalanced)")
        #expect(sexAUC > 0.6, "sex AUC \(sexAUC)")
        #expect((values["attribute.race.auc"] ?? 0) > 0.52, "\(values)")
        // Males are about two thirds of Adult.
        let majority = try #require(values["attribute.sex.majority_rate"])
        #expect(majority > 0.6 && majority < 0.72)
    }

    @Test func theAUCIsTheShareOfPairsRankedRight() throws {
        let s = try Self.adultScenario()
        let trained = try Self.workbench.model(try #require(s.baseline), scenario: s)
        let results = try AttributeInferenceAttack(epochs: 3, seed: 4).run(
            target: trained.model.network, adversary: s.adversary, victims: s.members,
            attributes: ["sex"])
        let sex = try #require(results.first)
        #expect(sex.scores.count == s.memberIndices.count)
        expectClose(sex.auc ?? .nan, Self.pairCountAUC(sex.scores, sex.truth), tolerance: 1e-9)
        #expect((sex.auc ?? 0) > 0.55)
    }
}
