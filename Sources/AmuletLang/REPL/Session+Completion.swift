import AmuletRisks

extension Interpreter {
    /// What tab completion offers now: verbs, keywords, catalog names, parameters, `$` names, defs.
    ///
    /// Each plug-in kind's verb holds the Catalog's entries of that kind with their parameters
    /// and choices; `tune` holds the defenses again; `set` and `compare` hold their own
    /// parameters; the bookkeeping verbs hold the names they act on.
    public var completionVocabulary: CompletionVocabulary {
        let catalog = environment.catalog
        var commands: [String: CompletionVocabulary.Command] = [:]
        for kind in PluginKind.allCases {
            commands[kind.verb] = .init(subjects: catalog.specs(kind).map(Self.completionSubject))
        }
        commands[Keyword.tune.rawValue] = .init(
            subjects: catalog.specs(.defense).map(Self.completionSubject))
        commands[Verb.undefend.rawValue] = .init(
            names: session.scenario?.defenses.map(\.name) ?? [])
        commands[Verb.show.rawValue] = .init(names: ShowTopic.allCases.map(\.rawValue))
        commands[Verb.export.rawValue] = .init(names: catalog.exports.map(\.export.name))
        let allNames = catalog.allSpecs.map(\.name) + Risk.allCases.map(\.rawValue)
        commands[Verb.help.rawValue] = .init(names: Verb.allCases.map(\.rawValue) + allNames)
        commands[Verb.explain.rawValue] = .init(
            names: allNames + NameExplainer(catalog: catalog).names)
        commands[Verb.set.rawValue] = .init(
            parameters: Setting.allCases.map {
                .init($0.rawValue, choices: Interpreter.choices(of: $0.parameter) ?? [])
            })
        var metrics = session.ledger.rows.map(\.metricName)
        for metric in catalog.metrics.map(\.name) where !metrics.contains(metric) {
            metrics.append(metric)
        }
        commands[Keyword.assert.rawValue] = .init(
            names: ModelRole.allCases.map(\.rawValue) + metrics)
        commands[Verb.compare.rawValue] = .init(
            subjects: CompareForm.allCases.map { .init($0.rawValue) },
            parameters: Interpreter.compareParameters.map(Self.completionParameter))
        return CompletionVocabulary(
            verbs: Verb.allCases.map(\.rawValue), keywords: Keyword.allCases.map(\.rawValue),
            commands: commands, variables: session.variables.keys.sorted(),
            defs: session.definitions.keys.sorted(), metrics: metrics)
    }

    /// A catalog entry as completion offers it: its name, its current parameters (not the
    /// deprecated aliases, which still bind but are not taught) and their choices.
    static func completionSubject(_ spec: PluginSpec) -> CompletionVocabulary.Subject {
        .init(spec.name, parameters: spec.currentParameters.map(completionParameter))
    }

    /// A declared parameter as completion offers it: its name and, if enumerated, its values.
    static func completionParameter(_ parameter: ParameterSpec) -> CompletionVocabulary.Parameter {
        .init(parameter.name, choices: choices(of: parameter) ?? [])
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

extension CompletionVocabulary.Command {
    /// A command whose subjects are bare names without parameters.
    init(names: [String]) {
        self.init(subjects: names.map { CompletionVocabulary.Subject($0) })
    }
}
