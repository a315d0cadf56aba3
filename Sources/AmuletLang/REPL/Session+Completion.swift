import AmuletRisks

extension Interpreter {
    /// What tab completion offers now: verbs, keywords, catalog names, parameters, `$` names, defs.
    public var completionVocabulary: CompletionVocabulary {
        let catalog = environment.catalog
        var subjects: [String: [String]] = [:]
        var parameters: [String: [String]] = [:]
        var values: [String: [String]] = [:]
        for kind in PluginKind.allCases {
            let specs = catalog.specs(kind)
            subjects[kind.verb] = specs.map(\.name)
            for spec in specs {
                parameters["\(kind.verb) \(spec.name)"] = spec.parameters.map(\.name)
                if kind == .defense {
                    parameters["tune \(spec.name)"] = spec.parameters.map(\.name)
                }
                for parameter in spec.parameters {
                    if let choices = Interpreter.choices(of: parameter) {
                        values["\(kind.verb) \(spec.name) \(parameter.name)"] = choices
                    }
                }
            }
        }
        subjects["undefend"] = session.scenario?.defenses.map(\.name) ?? []
        subjects["show"] = ShowTopic.allCases.map(\.rawValue)
        subjects["export"] = catalog.exports.map(\.export.name)
        let allNames = catalog.allSpecs.map(\.name) + Risk.allCases.map(\.rawValue)
        subjects["help"] = Verb.allCases.map(\.rawValue) + allNames
        subjects["explain"] = allNames + NameExplainer(catalog: catalog).names
        parameters["set"] = Setting.allCases.map(\.rawValue)
        for setting in Setting.allCases {
            if let choices = Interpreter.choices(of: setting.parameter) {
                values["set \(setting.rawValue)"] = choices
            }
        }
        var metrics = session.ledger.rows.map(\.metricName)
        for metric in catalog.metrics.map(\.name) where !metrics.contains(metric) {
            metrics.append(metric)
        }
        subjects["assert"] = ModelRole.allCases.map(\.rawValue) + metrics
        subjects["tune"] = catalog.specs(.defense).map(\.name)
        subjects["compare"] = CompareForm.allCases.map(\.rawValue)
        parameters["compare"] = Interpreter.compareParameters.map(\.name)
        var vocabulary = CompletionVocabulary(
            verbs: Verb.allCases.map(\.rawValue), keywords: Keyword.allCases.map(\.rawValue),
            subjects: subjects, parameters: parameters, variables: session.variables.keys.sorted(),
            defs: session.definitions.keys.sorted())
        vocabulary.values = values
        vocabulary.metrics = metrics
        return vocabulary
    }

    /// The words an enumerated parameter takes: a choice's options, or `on`/`off` for a flag.
    static func choices(of parameter: ParameterSpec) -> [String]? {
        switch parameter.type {
        case .choice(let options): return options
        case .flag: return ["on", "off"]
        default: return nil
        }
    }
}
