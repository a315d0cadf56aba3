import AmuletLang
import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

/// `assert` against a ledger filled by hand, so each value and bound is known exactly.
@Suite struct AssertTests {
    static let gap = MetricID(
        "fairness.dp_gap", risk: .fairness, unit: .ratio, direction: .lowerIsBetter, doc: "")

    func interpreter() -> Interpreter {
        var interpreter = Interpreter.forTesting(in: FileManager.default.temporaryDirectory)
        interpreter.session.ledger.append(
            LedgerRow(
                cell: 1, scenario: "mlp", role: .baseline, metric: Self.gap, subject: "race",
                value: 0.30))
        interpreter.session.ledger.append(
            LedgerRow(
                cell: 1, scenario: "mlp + dp(eps=1)", role: .defended, metric: Self.gap,
                subject: "race", value: 0.12))
        interpreter.session.ledger.append(
            LedgerRow(
                cell: 2, scenario: "mlp", role: .baseline, metric: Self.gap, subject: "sex",
                value: nil, note: "no one selected"))
        return interpreter
    }

    @Test func latestValueAndRolePickTheRightRow() {
        var interpreter = interpreter()
        // The latest race row is the defended one (0.12); the baseline's is 0.30.
        #expect(interpreter.run("assert fairness.race.dp_gap < 0.2").succeeded)
        #expect(interpreter.run("assert baseline fairness.race.dp_gap within 0.29..0.31").succeeded)
        #expect(interpreter.run("assert \"mlp\" fairness.race.dp_gap >= 0.3").succeeded)
        let failed = interpreter.run("assert baseline fairness.race.dp_gap <= 0.29")
        let diagnostic = failed.diagnostics.first
        #expect(diagnostic?.kind == .assertionFailed)
        #expect(diagnostic?.location?.column == 17)
        #expect(diagnostic?.message.contains("is 0.3000, not <= 0.29") == true, "\(failed)")
        #expect(failed.assertions.map(\.passed) == [false])
    }

    @Test func boundaryValuesFollowTheOperator() {
        var interpreter = interpreter()
        #expect(interpreter.run("assert fairness.race.dp_gap <= 0.12").succeeded)
        #expect(!interpreter.run("assert fairness.race.dp_gap < 0.12").succeeded)
        #expect(interpreter.run("assert fairness.race.dp_gap >= 0.12").succeeded)
        #expect(!interpreter.run("assert fairness.race.dp_gap > 0.12").succeeded)
        #expect(interpreter.run("assert fairness.race.dp_gap within 0.12..0.12").succeeded)
    }

    @Test func undefinedValueFailsAndSaysWhy() {
        var interpreter = interpreter()
        let result = interpreter.run("assert fairness.sex.dp_gap < 0.5")
        #expect(result.diagnostics.first?.kind == .assertionFailed)
        #expect(
            result.diagnostics.first?.message
                == "assertion failed: fairness.sex.dp_gap of 'mlp' is undefined "
                + "(no one selected), so it cannot be < 0.5")
    }

    @Test func familyNameIsAmbiguousWithSeveralSubjects() {
        var interpreter = interpreter()
        let result = interpreter.run("assert fairness.dp_gap < 0.5")
        #expect(
            result.diagnostics.first?.suggestion
                == "one of: fairness.race.dp_gap, fairness.sex.dp_gap")
    }

    @Test func reversedIntervalAndTextBoundAreRejected() {
        var interpreter = interpreter()
        #expect(
            interpreter.run("assert fairness.race.dp_gap within 0.9..0.1").diagnostics.first?.kind
                == .badArgument)
        #expect(
            interpreter.run("assert fairness.race.dp_gap < high").diagnostics.first?.kind
                == .wrongType)
    }
}
