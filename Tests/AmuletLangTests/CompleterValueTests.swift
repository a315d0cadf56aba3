import AmuletLang
import Testing

/// Tab after `name=` offers an enumerated parameter's values; `assert` completes metrics.
@Suite struct CompleterValueTests {
    static let completer: Completer = {
        let vocabulary = CompletionVocabulary(
            verbs: ["set", "attack", "train"], keywords: ["assert"],
            commands: [
                "attack": .init(subjects: [
                    .init(
                        "mia",
                        parameters: [
                            .init("method", choices: ["lira", "loss", "population"]), "shadows",
                        ])
                ]),
                "assert": .init(subjects: ["accuracy", "defended", "mia.auc"]),
                "set": .init(parameters: [
                    .init("format", choices: ["table", "markdown", "json", "csv"]),
                    .init("timer", choices: ["on", "off"]),
                ]),
            ],
            variables: ["m"])
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
