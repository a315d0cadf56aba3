import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

@testable import AmuletLang

/// The language reads a parameter's deprecation from its declaration alone.
///
/// `help` and `explain` show the alias only in a `deprecated:` line, suggestions never name it,
/// and a run that uses it still binds and notes once what to write instead. The backdoor's
/// `word=` (now `trigger=`) is the Catalog's alias.
@Suite struct DeprecatedParameterLanguageTests {
    let folder = FileManager.default.temporaryDirectory

    /// The text of a cell's outputs: text, notes, warnings and tables.
    func text(_ result: CellResult) -> String {
        result.outputs.map { output -> String in
            switch output {
            case .text(let t), .note(let t), .warning(let t): t
            case .table(let table): TerminalRenderer(useColor: false).render(table)
            }
        }.joined(separator: "\n")
    }

    @Test func helpListsTheAliasOnlyInItsDeprecatedLine() throws {
        var i = Interpreter.forTesting(in: folder)
        let help = i.run("help backdoor")
        #expect(help.succeeded, "\(help.diagnostics)")
        let lines = text(help).split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "usage: attack backdoor [portion=0.05] [target=1] [trigger=…] [columns=3] "
                + "[value=…]")
        #expect(lines.contains { $0.hasPrefix("  trigger=word or [int]") }, "\(lines)")
        // word= appears once, in the line that says what to write instead.
        #expect(lines.filter { $0.contains("word=") } == ["  deprecated: word= (use trigger=)"])
    }

    @Test func explainNamesTheReplacement() {
        var i = Interpreter.forTesting(in: folder)
        let entry = text(i.run("explain backdoor"))
        #expect(entry.contains("\n  deprecated: word= (use trigger=)"), "\(entry)")
        #expect(!entry.contains("word= is"), "\(entry)")
        let parameter = text(i.run("explain word"))
        #expect(
            parameter.contains(
                "attack backdoor word=text: the trigger word on text: word=cf is trigger=cf "
                    + "(deprecated: use trigger=)"), "\(parameter)")
    }

    /// An unknown parameter's suggestion lists the current parameters, never the alias.
    @Test func suggestionsNameOnlyCurrentParameters() throws {
        var i = Interpreter.forTesting(in: folder)
        let wrong = try #require(i.run("attack backdoor wordd=cf").diagnostics.first)
        #expect(wrong.message == "unknown parameter 'wordd' for attack backdoor")
        let suggestion = try #require(wrong.suggestion)
        #expect(suggestion.contains("trigger") && !suggestion.contains("word"), "\(suggestion)")
    }

    /// `word=cf` on text binds and runs both models (baseline and ONION-defended) and prints
    /// the generic note once, not once per model; the numbers are those of `trigger=cf`.
    @Test func theAliasStillRunsWithOneGenericNote() throws {
        var i = Interpreter.forTesting(in: folder)
        let setup = i.run(
            "set seed=1; load synthetic modality=text rows=400 members=1; "
                + "train fasttext epochs=3; defend onion")
        #expect(setup.succeeded, "\(setup.diagnostics)")
        let alias = i.run("attack backdoor word=cf portion=0.05")
        #expect(alias.succeeded, "\(alias.diagnostics)")
        let notes = alias.outputs.compactMap { output -> String? in
            if case .note(let t) = output { t } else { nil }
        }
        #expect(
            notes.filter { $0.contains("deprecated") }
                == ["word= is a deprecated alias of trigger=: write trigger=cf"], "\(notes)")
        // A re-measurement replaces its rows: each run leaves one rate per model.
        func rates() -> [String] {
            i.session.ledger.rows.filter { $0.metricName == "backdoor.p=5%.success_rate" }
                .map { "\($0.role.rawValue) \($0.value ?? -1)" }.sorted()
        }
        let aliasRates = rates()
        #expect(aliasRates.count == 2, "\(aliasRates)")
        let current = i.run("attack backdoor trigger=cf portion=0.05")
        #expect(current.succeeded, "\(current.diagnostics)")
        #expect(!text(current).contains("deprecated"), "\(text(current))")
        #expect(rates() == aliasRates)
    }
}
