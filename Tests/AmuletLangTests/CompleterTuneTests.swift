import AmuletLang
import Foundation
import Testing

/// Tab completion inside `tune … subject to … with …`: metric names after `subject to` and
/// `and`, never the defense's parameters; evaluations after `with`, then their parameters.
@Suite struct CompleterTuneTests {
    let completer = Completer(
        vocabulary: Interpreter.forTesting(in: FileManager.default.temporaryDirectory)
            .completionVocabulary,
        listDirectory: { _ in [] })

    func offered(_ line: String) -> [String] {
        switch completer.complete(line: line, cursor: line.count) {
        case .show(let names): return names
        case .insert(let rest): return [rest]
        case .none: return []
        }
    }

    @Test func afterSubjectToOffersMetricNamesNotParameters() {
        let names = offered("tune dp eps=[1, 4] subject to ")
        #expect(names.contains("accuracy"))
        #expect(names.contains("fairness.p_rule"))
        #expect(!names.contains("eps") && !names.contains("clip"))
        #expect(offered("tune dp eps=[1, 4] subject to fairness.p_") == ["rule "])
    }

    @Test func afterAndOffersMetricsAgainAndAfterAConstraintAndOrWith() {
        #expect(offered("tune dp eps=[1, 4] subject to accuracy >= 0.8 and ").contains("accuracy"))
        #expect(offered("tune dp eps=[1, 4] subject to accuracy >= 0.8 ") == ["and", "with"])
        #expect(offered("tune dp eps=[1, 4] subject to accuracy >= ").isEmpty)
    }

    @Test func withOffersEvaluationsThenTheirParameters() {
        #expect(offered("tune dp eps=[1] subject to accuracy >= 0.8 with ").contains("mia"))
        #expect(
            offered("tune dp eps=[1] subject to mia.lira.auc <= 0.6 with mia ").contains("shadows"))
    }

    @Test func beforeSubjectToTheDefensesParametersAreStillOffered() {
        #expect(offered("tune dp ").contains("eps"))
    }

    @Test func explainCompletesEveryExplainableName() {
        #expect(offered("explain p_ru") == ["le "])
    }
}
