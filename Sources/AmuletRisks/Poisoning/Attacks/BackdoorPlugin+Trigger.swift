import AmuletData

/// Reading `trigger=` (and its deprecated alias `word=`) for the data at hand.
///
/// One parameter, two forms: a word on text (TextBadNets inserts it), feature indices on
/// tabular data and images (BadNets sets them). The binder accepts either form; here the data
/// decides which one applies, and the other is an error at the argument that says what to write.
extension BackdoorPlugin {
    /// The trigger word when none is given: the rare word of TextBadNets and the Python Amulet.
    static let defaultWord = "cf"

    /// The trigger word on text: `trigger=WORD`, else its deprecated alias `word=`, else `cf`.
    ///
    /// Both given is fine while they name the same token (`word=CF trigger=cf`), so a script
    /// moving from `word=` to `trigger=` cannot be misread; the model cache key holds the token,
    /// so `trigger=cf`, `word=cf` and the default share one poisoned model.
    static func triggerWord(_ call: PluginCall) throws -> String {
        let alias = call[word]
        switch call[trigger] {
        case .integers(let indices)?:
            throw ScenarioError.invalidParameter(
                name: trigger.name,
                message: "on text the trigger is a word, not feature indices \(indices)",
                suggestion: "give the word to insert, such as trigger=\(alias ?? defaultWord)")
        case .word(let given)?:
            if let alias, TextBadNets.token(alias) != TextBadNets.token(given) {
                throw ScenarioError.invalidParameter(
                    name: word.name,
                    message: "word=\(alias) and trigger=\(given) name different trigger words",
                    suggestion: "word= is a deprecated alias of trigger=: give only "
                        + "trigger=\(given)")
            }
            return given
        case nil:
            return alias ?? defaultWord
        }
    }

    /// The feature indices `trigger=` names on tabular data or images, or nil for the default.
    static func triggerIndices(_ call: PluginCall, scenario: Scenario) throws -> [Int]? {
        let (kind, example) =
            if case .image = scenario.data.train.modality {
                ("on images the trigger is a list of pixel indices", "trigger=[0,1]")
            } else {
                ("on tabular data the trigger is a list of column indices", "trigger=[0,3]")
            }
        if let alias = call[word] {
            throw ScenarioError.invalidParameter(
                name: word.name,
                message: "word=\(alias) is a text trigger, but \(scenario.datasetName) is not "
                    + "text: \(kind)",
                suggestion: "such as \(example), or leave it out for the default")
        }
        switch call[trigger] {
        case .word(let given)?:
            throw ScenarioError.invalidParameter(
                name: trigger.name,
                message: "\(kind), not a word ('\(given)' is a trigger on text)",
                suggestion: "such as \(example), or leave it out for the default")
        case .integers(let indices)?:
            return indices
        case nil:
            return nil
        }
    }

    /// The trigger the call describes, checked against the dataset's width.
    static func resolveTrigger(_ call: PluginCall, scenario: Scenario) throws -> BackdoorTrigger {
        let width = scenario.data.train.features.cols
        let columnList =
            try triggerIndices(call, scenario: scenario)
            ?? BackdoorTrigger.defaultColumns(of: scenario.members, count: call[columns])
        guard !columnList.isEmpty else {
            throw ScenarioError.invalidParameter(
                name: trigger.name, message: "the trigger must set at least one feature")
        }
        if let bad = columnList.first(where: { $0 < 0 || $0 >= width }) {
            throw ScenarioError.invalidParameter(
                name: trigger.name,
                message: "feature \(bad) does not exist; \(scenario.datasetName) has features "
                    + "0…\(width - 1)")
        }
        let unique = Array(Set(columnList)).sorted()
        if let given = call[value] { return BackdoorTrigger(columns: unique, value: Float(given)) }
        if case .image = scenario.data.train.modality {
            return BackdoorTrigger(columns: unique, value: 1)
        }
        return BackdoorTrigger(columns: unique, minimumOf: scenario.members.features)
    }
}
