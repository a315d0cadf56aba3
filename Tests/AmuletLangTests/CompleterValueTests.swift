import AmuletLang
import Testing

/// Tab after `name=` offers an enumerated parameter's values; `assert` completes metrics.
@Suite struct CompleterValueTests {
    static let completer: Completer = {
        var vocabulary = CompletionVocabulary(
            verbs: ["set", "attack", "train"], keywords: ["assert"],
            subjects: ["attack": ["mia"], "assert": ["accuracy", "defended", "mia.auc"]],
            parameters: ["set": ["format", "timer"], "attack mia": ["method", "shadows"]])
        vocabulary.values = [
            "set format": ["table", "markdown", "json", "csv"], "set timer": ["on", "off"],
            "attack mia method": ["lira", "loss", "population"],
        ]
        vocabulary.variables = ["m"]
        return Completer(vocabulary: vocabulary) { _ in [] }
    }()

    func complete(_ line: String) -> CompletionAction {
        Self.completer.complete(line: line, cursor: line.count)
    }

    @Test func settingValuesComplete() {
        #expect(complete("set format=mar") == .insert("kdown "))
        #expect(complete("set format=") == .show(["csv", "json", "markdown", "table"]))
        #expect(complete("set timer=o") == .show(["off", "on"]))
    }

    @Test func pluginChoiceValuesCompleteForTheirSubjectOnly() {
        #expect(complete("attack mia method=l") == .show(["lira", "loss"]))
        #expect(complete("attack mia method=p") == .insert("opulation "))
        #expect(complete("attack mia shadows=") == .none)
    }

    @Test func variablesStillCompleteAfterEquals() {
        #expect(complete("attack mia method=$") == .insert("m"))
    }

    @Test func assertCompletesMetricsAndRoles() {
        #expect(complete("assert acc") == .insert("uracy "))
        #expect(complete("assert def") == .insert("ended "))
    }
}
