import AmuletData
import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletRisks

/// `by=` on membership inference, evasion and attribute inference: per-group numbers from the
/// same per-row results, checked against counts and pair-counting AUCs computed here.
@Suite(.serialized) struct PerGroupRiskTests {
    /// The Adult scenario and model store shared with the attribute-inference tests.
    func adult() throws -> Scenario { try AttributeInferenceTests.adultScenario() }

    func model(_ s: Scenario) throws -> ModelUnderTest {
        let recipe = try #require(s.baseline)
        let trained = try AttributeInferenceTests.workbench.model(recipe, scenario: s)
        return ModelUnderTest(
            role: .current, recipe: recipe, label: "t", model: trained.model, fromCache: false)
    }

    func evaluate<P: EvaluationPlugin>(
        _ plugin: P.Type, _ given: [String: ParameterValue], on s: Scenario
    ) throws -> Evaluation {
        let context = RunContext(workbench: AttributeInferenceTests.workbench, seed: 1, threads: 1)
        return try plugin.evaluate(
            PluginCall(given: ParameterValues(given)), model: try model(s), scenario: s,
            context: context)
    }

    func values(_ e: Evaluation) -> [String: Double?] {
        Dictionary(uniqueKeysWithValues: e.measurements.map { ($0.displayName, $0.value) })
    }

    /// The value of `name`, or NaN when missing or undefined (so a comparison fails).
    func number(_ v: [String: Double?], _ name: String) -> Double { (v[name] ?? nil) ?? .nan }

    /// TPR at FPR ≤ `fpr` by counting: with k = ⌊fpr·n⁻⌋ false positives allowed, the best
    /// threshold lies just above the (k+1)-th largest negative score.
    func countedTPR(_ scores: [Double], _ truth: [Int], fpr: Double) -> Double {
        let negatives = zip(scores, truth).filter { $1 == 0 }.map(\.0).sorted(by: >)
        let positives = zip(scores, truth).filter { $1 == 1 }.map(\.0)
        let allowed = Int((fpr * Double(negatives.count)).rounded(.down))
        guard allowed < negatives.count else { return 1 }
        let bar = negatives[allowed]
        return Double(positives.filter { $0 > bar }.count) / Double(positives.count)
    }

    @Test func aHandWorkedGroupSplitAndItsUndefinedValues() {
        // Rows 0–5: group A (code 0) holds rows 0, 2, 4; group B (code 1) rows 1, 3, 5.
        let attribute = SensitiveAttribute(
            name: "g", positiveGroup: "B", negativeGroup: "A", values: [0, 1, 0, 1, 0, 1])
        let breakdown = GroupBreakdown(attribute)
        // A: members score 0.9, 0.2 and the non-member 0.5 → pairs won 1 of 2: AUC 0.5.
        // B: all members → no AUC.
        let metrics = MembershipGroupMetrics(
            scores: [0.9, 0.8, 0.5, 0.7, 0.2, 0.1],
            isMember: [true, true, false, true, true, true], breakdown: breakdown)
        #expect(metrics.groups.map(\.members) == [2, 3])
        expectClose(metrics.groups[0].auc ?? .nan, 0.5)
        // One non-member cannot resolve a 1% false-positive rate.
        #expect(metrics.groups[0].truePositiveRateAtOnePercent == nil)
        #expect(metrics.groups[1].auc == nil)
        let rows = metrics.measurements(attack: "loss")
        let names = rows.map(\.displayName)
        #expect(names.contains("mia.loss.g=A.group_auc"))
        #expect(names.contains("mia.loss.g=B.group_tpr@1%fpr"))
        #expect(names.contains("mia.loss.g.auc_gap"))
        for row in rows where row.value == nil { #expect(row.note != nil, "\(row.displayName)") }
        #expect(rows.first { $0.displayName == "mia.loss.g.auc_gap" }?.value == nil)
        #expect(
            rows.allSatisfy {
                $0.metric.scope == ($0.displayName.hasSuffix("gap") ? .detail : .perGroup)
            })
        // Rates: A has 1 of 3 hits, B 3 of 3.
        let rates = breakdown.rates([true, true, false, true, false, true])
        #expect(rates[0] == 1.0 / 3 && rates[1] == 1)
        expectClose(GroupBreakdown.gap(rates) ?? .nan, 2.0 / 3)
    }

    @Test func badByValuesAreLocatedWithASuggestion() throws {
        let data = try SyntheticDataset.make(
            rows: 40, features: 3, separation: 1, correlation: 0.5, seed: 1)
        func message(_ requested: String) -> (String?, String)? {
            do {
                _ = try GroupBreakdown.resolve(
                    requested, in: data.train, datasetName: "synthetic", parameterName: "by")
                return nil
            } catch let ScenarioError.invalidParameter(name, message, _) {
                return (name, message)
            } catch {
                return nil
            }
        }
        let wrong = try #require(message("gruop"))
        #expect(wrong.0 == "by")
        #expect(wrong.1.contains("no sensitive attribute 'gruop'"))
        #expect(wrong.1.contains("did you mean 'group'?"))
        #expect(message("zzzzzz").map { !$0.1.contains("did you mean") } == true)
        #expect(
            try GroupBreakdown.resolve(
                "all", in: data.train, datasetName: "s", parameterName: "by"
            ).map(\.attribute) == ["group"])
        #expect(
            try GroupBreakdown.resolve(nil, in: data.train, datasetName: "s", parameterName: "by")
                .isEmpty)
    }

    @Test func membershipGroupNumbersComeFromTheSameScoresOnAdult() throws {
        let s = try adult()
        let e = try evaluate(
            MembershipInferencePlugin.self, ["method": .text("loss"), "by": .text("sex")], on: s)
        guard case .perExample(let table) = try #require(e.artifacts["mia"]) else {
            Issue.record("no per-example scores")
            return
        }
        let scores = table.values.map { Double($0[0]) ?? .nan }
        let member = table.keys.map { $0[1] == "1" ? 1 : 0 }
        let sex = try #require(s.data.train.attribute("sex"))
        let v = values(e)
        var aucs: [Double] = []
        for code in [0, 1] {
            let rows = sex.values.indices.filter { sex.values[$0] == code }
            let name = sex.groupName(code)
            let groupScores = rows.map { scores[$0] }
            let truth = rows.map { member[$0] }
            let auc = try #require(v["mia.loss.sex=\(name).group_auc"] ?? nil)
            expectClose(
                auc, AttributeInferenceTests.pairCountAUC(groupScores, truth), tolerance: 1e-9)
            let tpr = try #require(v["mia.loss.sex=\(name).group_tpr@1%fpr"] ?? nil)
            expectClose(tpr, countedTPR(groupScores, truth, fpr: 0.01), tolerance: 1e-9)
            aucs.append(auc)
        }
        // The groups differ on real data, and the gap is their distance.
        #expect(abs(aucs[0] - aucs[1]) > 1e-4, "\(aucs)")
        expectClose(number(v, "mia.loss.sex.auc_gap"), abs(aucs[0] - aucs[1]))
        // The population numbers are unchanged by by=.
        let plain = values(
            try evaluate(MembershipInferencePlugin.self, ["method": .text("loss")], on: s))
        #expect(plain["mia.loss.auc"] == v["mia.loss.auc"])
    }

    @Test func adversarialAccuracyPerSexAveragesToThePopulationOnAdult() throws {
        let s = try adult()
        let e = try evaluate(
            EvasionPlugin.self,
            ["method": .text("fgsm"), "eps": .number(0.05), "by": .text("all")], on: s)
        let v = values(e)
        let total = try #require(v["evasion.adversarial_accuracy"] ?? nil)
        for attribute in s.data.test.sensitive {
            let counts = [0, 1].map { c in attribute.values.filter { $0 == c }.count }
            let rates = try [0, 1].map { c in
                try #require(
                    v[
                        "evasion.\(attribute.name)=\(attribute.groupName(c)).group_adversarial_accuracy"
                    ]
                        ?? nil)
            }
            // n₀·acc₀ + n₁·acc₁ = n·acc: the groups split the same attacked rows.
            let mixed =
                (Double(counts[0]) * rates[0] + Double(counts[1]) * rates[1])
                / Double(counts[0] + counts[1])
            expectClose(mixed, total, tolerance: 1e-9)
            #expect(rates[0] != rates[1], "\(attribute.name): \(rates)")
            expectClose(
                number(v, "evasion.\(attribute.name).adversarial_accuracy_gap"),
                abs(rates[0] - rates[1]), tolerance: 1e-12)
        }
    }

    @Test func attributeInferencePerGroupOfAnotherAttributeOnAdult() throws {
        let s = try adult()
        #expect {
            try evaluate(
                AttributeInferencePlugin.self,
                ["attribute": .text("sex"), "by": .text("sex"), "epochs": .number(1)], on: s)
        } throws: { error in
            guard case ScenarioError.invalidParameter(let name, let message, _) = error else {
                return false
            }
            return name == "by" && message.contains("other than the inferred 'sex'")
        }
        let e = try evaluate(
            AttributeInferencePlugin.self,
            ["attribute": .text("race"), "by": .text("sex"), "epochs": .number(4)], on: s)
        let v = values(e)
        let female = try #require(v["attribute.race.sex=Female.group_accuracy"] ?? nil)
        let male = try #require(v["attribute.race.sex=Male.group_accuracy"] ?? nil)
        #expect(female > 0 && female < 1 && male > 0 && male < 1)
        #expect(female != male)
        expectClose(number(v, "attribute.race.sex.accuracy_gap"), abs(female - male))
    }
}
