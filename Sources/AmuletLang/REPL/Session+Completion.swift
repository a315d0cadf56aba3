import AmuletRisks

extension Interpreter {
    /// What tab completion offers now: verbs, keywords, catalog names, parameters, `$` names, defs.
    public var completionVocabulary: CompletionVocabulary {
        let catalog = environment.catalog
        var subjects: [String: [String]] = [:]
        var parameters: [String: [String]] = [:]
        for kind in PluginKind.allCases {
            let specs = catalog.specs(kind)
            subjects[kind.verb] = specs.map(\.name)
            for spec in specs {
                parameters["\(kind.verb) \(spec.name)"] = spec.parameters.map(\.name)
            }
        }
        subjects["undefend"] = session.scenario?.defenses.map(\.name) ?? []
        subjects["show"] = ShowTopic.allCases.map(\.rawValue)
        subjects["export"] = catalog.exports.map(\.export.name)
        let allNames = catalog.allSpecs.map(\.name) + Risk.allCases.map(\.rawValue)
        subjects["help"] = Verb.allCases.map(\.rawValue) + allNames
        subjects["explain"] = allNames
        parameters["set"] = Setting.allCases.map(\.rawValue)
        subjects["compare"] = CompareForm.allCases.map(\.rawValue)
        parameters["compare"] = [
            Interpreter.compareBaseline, Interpreter.compareRisk, Interpreter.compareMetric,
        ].map(\.name)
        return CompletionVocabulary(
            verbs: Verb.allCases.map(\.rawValue), keywords: Keyword.allCases.map(\.rawValue),
            subjects: subjects, parameters: parameters, variables: session.variables.keys.sorted(),
            defs: session.definitions.keys.sorted())
    }
}
