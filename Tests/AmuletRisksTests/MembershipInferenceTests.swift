import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import Testing

/// LiRA and the threshold attacks on a setting built to overfit: 500 members of noisy
/// synthetic data, m1 trained for 100 epochs (train accuracy 1, test ≈ 0.56).
@Suite(.serialized) struct MembershipInferenceTests {
    func scenario() throws -> Scenario {
        let data = try SyntheticDataset.make(
            rows: 2000, features: 20, separation: 0.5, correlation: 0.5, seed: 11)
        var scenario = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: data,
            memberFraction: 0.5, seed: 11)
        let recipe = Recipe(
            architecture: .mlp(hidden: [128, 256, 128], batchNorm: false, dropout: 0), epochs: 100,
            batchSize: 64, seed: 5)
        scenario.setModel(
            name: "mlp", recipe: recipe, label: "mlp-m1",
            parameters: ParameterValues(["epochs": .number(100), "batch": .number(64)]))
        return scenario
    }

    func attack(_ scenario: Scenario, recipe: Recipe, method: String) throws -> [String: Double] {
        let workbench = Workbench(cache: nil)
        let context = RunContext(workbench: workbench, seed: 3, threads: 2)
        let trained = try workbench.model(recipe, scenario: scenario)
        let model = ModelUnderTest(
            role: .current, recipe: recipe, label: "t", model: trained.model, fromCache: false)
        var given: [String: ParameterValue] = ["method": .text(method), "shadows": .number(8)]
        given["mode"] = .text("online")
        let evaluation = try MembershipInferencePlugin.evaluate(
            PluginCall(given: ParameterValues(given)), model: model, scenario: scenario,
            context: context)
        return Dictionary(
            uniqueKeysWithValues: evaluation.measurements.map { ($0.displayName, $0.value ?? .nan) }
        )
    }

    @Test func liraLeaksFromTheOverfitBaselineAndBeatsTheLossAttackAtLowFPR() throws {
        let s = try scenario()
        let recipe = try #require(s.baseline)
        let lira = try attack(s, recipe: recipe, method: "lira")
        let loss = try attack(s, recipe: recipe, method: "loss")
        let auc = lira["mia.lira.auc"] ?? 0
        #expect(auc >= 0.70, "LiRA AUC \(auc)")
        let liraTPR = lira["mia.lira.tpr@1%fpr"] ?? 0
        let lossTPR = loss["mia.loss.tpr@1%fpr"] ?? 1
        #expect(liraTPR > lossTPR, "LiRA TPR@1% \(liraTPR) vs loss \(lossTPR)")
    }

    @Test func dpWithEpsilonOneBoundsTheLeak() throws {
        var s = try scenario()
        try s.setDefenses([
            (DPSGDPlugin.self, PluginCall(given: ParameterValues(["eps": .number(1)])))
        ])
        let recipe = try #require(s.current)
        let lira = try attack(s, recipe: recipe, method: "lira")
        let auc = lira["mia.lira.auc"] ?? 1
        #expect(auc <= 0.56, "LiRA AUC under DP \(auc)")
        let trained = try Workbench(cache: nil).model(recipe, scenario: s)
        #expect((trained.model.summary.privacy?.epsilon ?? 99) <= 1.0)
    }

    @Test func metricsOfPerfectAndRandomScores() {
        let perfect = MembershipMetrics(
            scores: (0..<200).map { Double($0) }, isMember: (0..<200).map { $0 >= 100 })
        #expect(
            perfect.auc == 1 && perfect.balancedAccuracy == 1
                && perfect.truePositiveRateAtOnePercent == 1)
        var rng = SeededGenerator(seed: 1)
        let random = MembershipMetrics(
            scores: (0..<20_000).map { _ in rng.uniformDouble() },
            isMember: (0..<20_000).map { $0 % 2 == 0 })
        #expect(abs(random.auc - 0.5) < 0.015)
    }

    /// A TPR at an FPR below 1/n (n non-members) is undefined.
    ///
    /// With n non-members the smallest non-zero FPR is 1/n: a TPR at a smaller FPR is shown
    /// as –, with a note, not as the TPR at FPR 0. 50 non-members once showed
    /// `mia.loss.tpr@0.1%fpr` as 0.040.
    @Test func aTPRAtAnFPRTheSampleCannotResolveIsUndefined() {
        let scores = (0..<100).map { Double($0 % 50) + ($0 < 50 ? 0.5 : 0) }
        let isMember = (0..<100).map { $0 < 50 }
        let small = MembershipMetrics(scores: scores, isMember: isMember)
        #expect(small.nonMemberCount == 50)
        #expect(small.truePositiveRateAtOnePermille == nil)
        #expect(small.truePositiveRateAtOnePercent == nil)
        let rows = small.measurements(attack: "loss")
        let permille = rows.first { $0.displayName == "mia.loss.tpr@0.1%fpr" }
        #expect(permille?.value == nil)
        #expect(permille?.note?.contains("50 non-members") == true, "\(permille?.note ?? "")")
        #expect(permille?.note?.contains("below 2%") == true)
        // 100 non-members resolve 1% but not 0.1%; 1,000 resolve both.
        let hundred = MembershipMetrics(
            scores: (0..<200).map { Double($0) }, isMember: (0..<200).map { $0 >= 100 })
        #expect(hundred.truePositiveRateAtOnePercent == 1)
        #expect(hundred.truePositiveRateAtOnePermille == nil)
        let thousand = MembershipMetrics(
            scores: (0..<2000).map { Double($0) }, isMember: (0..<2000).map { $0 >= 1000 })
        #expect(thousand.truePositiveRateAtOnePermille == 1)
    }
}
