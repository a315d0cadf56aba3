import AmuletLang
import AmuletRisks
import Foundation
import Testing

/// `explain` covers every name help or a table shows: walks the Catalog (plug-ins, metrics,
/// parameters and their values, exports) and the language's own names (settings, verbs,
/// statements, show topics, compare forms) and explains each.
@Suite struct NameExplainerTests {
    /// The text `explain NAME` prints, or nil when the cell failed.
    func explain(_ name: String) -> String? {
        var interpreter = Interpreter.forTesting(in: FileManager.default.temporaryDirectory)
        let result = interpreter.run("explain \(name)")
        guard result.succeeded else { return nil }
        return result.outputs.compactMap { output -> String? in
            if case .text(let text) = output { return text }
            return nil
        }.joined(separator: "\n")
    }

    /// Every name help or a table can show, from the declarations.
    static var shownNames: [String] {
        var names: [String] = Risk.allCases.map(\.rawValue)
        for spec in Catalog.builtIn.allSpecs {
            names.append(spec.name)
            for parameter in spec.parameters {
                names.append(parameter.name)
                if case .choice(let values) = parameter.type { names += values }
            }
            names += spec.exports.map(\.name)
        }
        for metric in Catalog.builtIn.metrics {
            names.append(metric.name)
            names.append(String(metric.name.split(separator: ".").last ?? ""))
        }
        var seen: Set<String> = []
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    @Test func everyCatalogNameExplains() {
        #expect(Self.shownNames.count > 100)
        for name in Self.shownNames {
            guard let text = explain("\"\(name)\"") ?? explain(name) else {
                Issue.record("explain \(name) fails")
                continue
            }
            #expect(
                text.lowercased().contains(name.lowercased()),
                "explain \(name) does not name it: \(text.prefix(200))")
        }
    }

    @Test func everySettingVerbAndStatementExplains() {
        let help = explain("explain") ?? ""
        #expect(help.contains("(verb)"))
        for name in ["seed", "dryrun", "format", "compare", "tune", "repeat", "matrix", "ledger"] {
            let text = explain(name) ?? ""
            #expect(text.hasPrefix(name + " ("), "explain \(name): \(text.prefix(120))")
        }
    }

    @Test func theNamesTheIssueFoundUnexplainedExplain() throws {
        let pRule = try #require(explain("p_rule"))
        #expect(
            pRule.contains("fairness.p_rule (metric, risk: fairness, percent, higher is better)"))
        #expect(pRule.contains("reported by: measure fairness"))
        let lira = try #require(explain("lira"))
        #expect(lira.contains("a value of method= of attack mia"))
        // The sentence of mia's explanation about LiRA, found by the word.
        #expect(lira.contains("LiRA trains shadow models"))
    }

    @Test func metricNamesWithASubjectAsTablesShowThemExplain() throws {
        let text = try #require(explain("mia.lira.auc"))
        #expect(text.contains("mia.auc about lira"))
        let group = try #require(explain("fairness.sex.dp_difference"))
        #expect(group.contains("fairness.dp_difference about sex"))
    }

    @Test func anUnknownNameStillFailsWithASuggestion() {
        var interpreter = Interpreter.forTesting(in: FileManager.default.temporaryDirectory)
        let result = interpreter.run("explain p_rul")
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.suggestion?.contains("p_rule") == true)
    }
}
