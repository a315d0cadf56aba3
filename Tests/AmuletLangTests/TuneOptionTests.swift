import AmuletLang
import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

/// `tune … with PLUGIN P=v`: parameters for the plug-ins that measure the constrained
/// metrics, checked against the Catalog before anything trains.
@Suite(.serialized) struct TuneOptionTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-tune-with-\(UUID().uuidString)")

    func interpreter() -> Interpreter { .forTesting(in: folder) }

    let setup =
        "set seed=3; load synthetic rows=400 features=4 separation=3; "
        + "train logreg epochs=3 batch=32 lr=0.05"

    @Test func theClauseParses() throws {
        let source =
            "tune dp eps=[1, 8] subject to mia.lira.auc <= 0.6 with mia shadows=8 "
            + "with fairness attribute=group"
        let (program, errors) = Parser.parse(source: source, file: nil)
        #expect(errors.isEmpty, "\(errors)")
        guard case .tune(let tune) = program.statements.first else {
            Issue.record("not a tune: \(program.statements)")
            return
        }
        #expect(tune.options.map(\.plugin) == ["mia", "fairness"])
        #expect(tune.options[0].pluginRange.start.column == 56)
        #expect(tune.options[0].arguments.map(\.name) == ["shadows"])
        #expect(tune.options[1].arguments.map(\.name) == ["attribute"])
        let missing = Parser.parse(source: "tune dp subject to accuracy > 0.5 with").diagnostics
        #expect(
            missing.first?.message == "expected a plug-in name after 'with', found end of input")
    }

    @Test func theAttackRunsWithTheGivenParameters() throws {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let result = i.run("tune dp eps=[1] subject to mia.lira.auc <= 0.6 with mia shadows=2")
        #expect(result.succeeded, "\(result.diagnostics)")
        let tuned = i.session.ledger.rows.first {
            $0.role == .defended && $0.metricName == "mia.lira.auc"
        }
        let value = try #require(tuned?.value)
        // The same attack run by hand, as a command, on a fresh session.
        var j = interpreter()
        #expect(j.run(setup).succeeded)
        let manual = j.run("defend dp eps=1; attack mia shadows=2")
        #expect(manual.succeeded, "\(manual.diagnostics)")
        let expected = j.session.ledger.rows.first {
            $0.role == .defended && $0.metricName == "mia.lira.auc"
        }
        #expect(expected?.value == value)
        // With four shadow models the attack is a different one.
        var k = interpreter()
        #expect(k.run(setup).succeeded)
        #expect(k.run("defend dp eps=1; attack mia shadows=4").succeeded)
        let four = k.session.ledger.rows.first {
            $0.role == .defended && $0.metricName == "mia.lira.auc"
        }
        #expect(four?.value != value)
    }

    @Test func namesAndParametersAreCheckedAndLocated() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let rowsBefore = i.session.ledger.rows.count
        let head = "tune dp eps=[1, 8] subject to mia.lira.auc <= 0.6 with "
        let plugin = i.run(head + "mai shadows=2")
        #expect(plugin.diagnostics.first?.message == "unknown attack or metric 'mai'")
        #expect(plugin.diagnostics.first?.suggestion == "did you mean 'mia'?")
        #expect(plugin.diagnostics.first?.location?.column == 56)
        let parameter = i.run(head + "mia shadow=2")
        #expect(
            parameter.diagnostics.first?.message.hasPrefix(
                "unknown parameter 'shadow' for with mia")
                == true, "\(parameter.diagnostics)")
        #expect(parameter.diagnostics.first?.suggestion == "did you mean 'shadows'?")
        #expect(parameter.diagnostics.first?.location?.column == 60)
        let value = i.run(head + "mia shadows=0")
        #expect(value.diagnostics.first?.location?.column == 68, "\(value.diagnostics)")
        let model = i.run(head + "logreg epochs=5")
        #expect(
            model.diagnostics.first?.message
                == "'with' takes an attack or a metric; 'logreg' is a model")
        let unused = i.run("tune dp eps=[1, 8] subject to accuracy >= 0.5 with mia shadows=2")
        #expect(
            unused.diagnostics.first?.message == "'mia' measures none of the constrained metrics",
            "\(unused.diagnostics)")
        let twice = i.run(head + "mia shadows=2 with mia method=lira")
        #expect(twice.diagnostics.first?.location?.column == 75, "\(twice.diagnostics)")
        #expect(i.session.ledger.rows.count == rowsBefore)
    }

    @Test func helpTuneDocumentsTheClause() {
        var i = interpreter()
        let help = i.run("help tune")
        let text = help.outputs.map { if case .text(let t) = $0 { t } else { "" } }.joined()
        #expect(text.contains("[with PLUGIN P=v …]"))
        #expect(text.contains("a 'with' clause gives it parameters"))
    }
}
