import AmuletRisks

extension Interpreter {
    /// Checks a `tune` against the Catalog before anything trains: each defense, each of its
    /// parameters and values, each metric and bound, with located did-you-mean diagnostics.
    func tunePlan(_ tune: Tune) throws(Diagnostic) -> TunePlan {
        let catalog = environment.catalog
        var columns: [String] = []
        var axisOptions: [[TunePlan.Setting]] = []
        var seen: Set<String> = []
        for axis in tune.axes {
            guard case .defense(let plugin) = catalog.entry(.defense, axis.defense) else {
                let names = catalog.specs(.defense).map(\.name)
                throw Diagnostic(
                    .unknownName, "unknown defense '\(axis.defense)'", range: axis.defenseRange,
                    suggestion: Suggestion.hint(
                        for: axis.defense, among: names, label: "one of",
                        whenEmpty: "no defenses are available"))
            }
            guard seen.insert(axis.defense).inserted else {
                throw Diagnostic(
                    .badArgument, "'\(axis.defense)' is tuned twice; give all its parameters once",
                    range: axis.defenseRange)
            }
            var valueLists: [[Argument]] = []
            for argument in axis.arguments {
                columns.append("\(axis.defense) \(argument.name ?? "")")
                valueLists.append(
                    try sweptValues(argument.value).map {
                        Argument(name: argument.name, nameRange: argument.nameRange, value: $0)
                    })
            }
            var options: [TunePlan.Setting] = []
            for arguments in TunePlan.product(valueLists) {
                let command = Command(
                    verb: .defend, verbRange: axis.defenseRange, subject: axis.defense,
                    subjectRange: axis.defenseRange, arguments: arguments,
                    range: axis.defenseRange)
                let call = try bind(command, spec: plugin.spec, owner: "tune \(axis.defense)")
                var shown: [String] = []
                for argument in arguments {
                    shown.append(try evaluate(argument.value).description)
                }
                options.append(TunePlan.Setting(defenses: [(plugin, call)], shown: shown))
            }
            axisOptions.append(options)
        }
        let settings = TunePlan.product(axisOptions).map { parts in
            TunePlan.Setting(
                defenses: parts.flatMap(\.defenses), shown: parts.flatMap(\.shown))
        }
        guard settings.count <= TunePlan.maximumSettings else {
            throw Diagnostic(
                .badArgument,
                "\(settings.count) settings to train; a tune may train at most "
                    + "\(TunePlan.maximumSettings)", range: tune.range,
                suggestion: "sweep fewer values")
        }
        let options = try tuneOptions(tune.options)
        var constraints: [TunePlan.Constraint] = []
        var evaluations: [TunePlan.Evaluation] = []
        for constraint in tune.constraints {
            let resolved = try tuneConstraint(constraint)
            constraints.append(resolved)
            guard let evaluation = try tuneEvaluation(resolved, tuned: seen, options: options)
            else { continue }
            let isNew = !evaluations.contains {
                $0.plugin.spec.name == evaluation.plugin.spec.name && $0.call == evaluation.call
            }
            if isNew { evaluations.append(evaluation) }
        }
        if evaluations.isEmpty {
            // Only training-reported metrics (ε): any evaluation carries them; take the first
            // metric, which needs no attack.
            for entry in catalog.entries {
                if case .evaluation(let plugin) = entry, plugin.spec.kind == .metric {
                    evaluations.append(TunePlan.Evaluation(plugin: plugin, call: PluginCall()))
                    break
                }
            }
        }
        for option in tune.options
        where !evaluations.contains(where: { $0.plugin.spec.name == option.plugin }) {
            let measuring = evaluations.map { $0.plugin.spec.name }
            throw Diagnostic(
                .badArgument, "'\(option.plugin)' measures none of the constrained metrics",
                range: option.pluginRange,
                suggestion: Suggestion.hint(
                    for: option.plugin, among: measuring, label: "measuring",
                    whenEmpty: "only training reports these metrics"))
        }
        return TunePlan(
            columns: columns, settings: settings, constraints: constraints,
            evaluations: evaluations)
    }

    /// The `with` clauses checked against the Catalog: each names an attack or metric once.
    ///
    /// Its parameters are bound with the evaluation's own (`tuneEvaluation`), where unknown
    /// names and bad values are located.
    private func tuneOptions(_ options: [TuneOption]) throws(Diagnostic) -> [String: TuneOption] {
        let catalog = environment.catalog
        let evaluating = catalog.specs(.attack) + catalog.specs(.metric)
        var byName: [String: TuneOption] = [:]
        for option in options {
            guard evaluating.contains(where: { $0.name == option.plugin }) else {
                if let other = catalog.allSpecs.first(where: { $0.name == option.plugin }) {
                    let verb = other.kind.verb
                    throw Diagnostic(
                        .badArgument,
                        "'with' takes an attack or a metric; '\(option.plugin)' is a "
                            + other.kind.rawValue,
                        range: option.pluginRange,
                        suggestion: other.kind == .defense
                            ? "sweep its parameters after it: tune \(option.plugin) P=[a, b] …"
                            : "run '\(verb) \(option.plugin) …' before tune")
                }
                throw Diagnostic(
                    .unknownName, "unknown attack or metric '\(option.plugin)'",
                    range: option.pluginRange,
                    suggestion: Suggestion.hint(
                        for: option.plugin, among: evaluating.map(\.name), label: "one of",
                        whenEmpty: "no attacks or metrics are available"))
            }
            guard byName[option.plugin] == nil else {
                throw Diagnostic(
                    .badArgument,
                    "'with \(option.plugin)' is given twice; give all its parameters once",
                    range: option.pluginRange)
            }
            byName[option.plugin] = option
        }
        return byName
    }

    /// The values a swept parameter takes: a list's items, or the one value.
    private func sweptValues(_ expr: Expr) throws(Diagnostic) -> [Expr] {
        if case .list(let items, _) = expr { return items }
        guard case .variable(_, let range) = expr, case .list(let values) = try evaluate(expr)
        else { return [expr] }
        return values.map { Interpreter.literal($0, at: range) }
    }

    /// An expression that evaluates to `value`, placed at `range` for diagnostics.
    static func literal(_ value: Value, at range: SourceRange) -> Expr {
        switch value {
        case .number(let number, let text):
            return .number(value: number, text: text ?? "\(number)", isPercent: false, range: range)
        case .text(let text): return .word(text, range: range)
        case .list(let items): return .list(items.map { literal($0, at: range) }, range: range)
        }
    }

    /// A constraint's metric and bound checked against the Catalog.
    private func tuneConstraint(_ constraint: TuneConstraint) throws(Diagnostic)
        -> TunePlan.Constraint
    {
        let metrics = environment.catalog.metrics
        guard let (family, subject) = TunePlan.resolve(constraint.metric, among: metrics) else {
            var names = metrics.map(\.name)
            for name in session.ledger.rows.map(\.metricName) where !names.contains(name) {
                names.append(name)
            }
            throw Diagnostic(
                .unknownName, "unknown metric '\(constraint.metric)'",
                range: constraint.metricRange,
                suggestion: Suggestion.didYouMean(constraint.metric, among: names))
        }
        let value = try evaluate(constraint.bound)
        guard case .number(let bound, _) = value else {
            throw Diagnostic(
                .wrongType, "a constraint's bound must be a number", range: constraint.bound.range,
                suggestion: "such as 0.55 or 10%")
        }
        return TunePlan.Constraint(
            source: constraint, family: family, subject: subject, bound: bound,
            boundText: value.description)
    }

    /// The evaluation that reports a constraint's metric.
    ///
    /// It is the first attack or metric that declares it, with the choice parameter the subject
    /// names (`mia.lira.auc` → the choice `lira`). Nil when a tuned defense's training reports it (ε), beside every evaluation.
    private func tuneEvaluation(
        _ constraint: TunePlan.Constraint, tuned: Set<String>, options: [String: TuneOption]
    ) throws(Diagnostic) -> TunePlan.Evaluation? {
        let catalog = environment.catalog
        let reportedByTraining = catalog.specs(.defense).contains {
            tuned.contains($0.name) && $0.reports.contains(constraint.family)
        }
        if reportedByTraining { return nil }
        var owner: (any EvaluationPlugin.Type)?
        for entry in catalog.entries {
            if case .evaluation(let plugin) = entry,
                plugin.spec.reports.contains(constraint.family)
            {
                owner = plugin
                break
            }
        }
        guard let plugin = owner else {
            let owners = catalog.specs(.defense).filter {
                $0.reports.contains(constraint.family)
            }.map(\.name)
            throw Diagnostic(
                .badArgument,
                "'\(constraint.source.metric)' is reported only by training with "
                    + (owners.isEmpty ? "a defense" : owners.joined(separator: " or ")),
                range: constraint.source.metricRange,
                suggestion: owners.isEmpty ? nil : "tune \(owners[0]) to constrain it")
        }
        let given = options[plugin.spec.name]?.arguments ?? []
        var arguments: [Argument] = []
        if let subject = constraint.subject {
            let choice = plugin.spec.parameters.first { parameter in
                Interpreter.choices(of: parameter)?.contains(subject) ?? false
            }
            if choice == nil, let scenario = session.scenario {
                try checkSubject(subject, of: constraint, plugin: plugin.spec, scenario: scenario)
            }
            if let choice, !given.contains(where: { $0.name == choice.name }) {
                let range = constraint.source.metricRange
                arguments.append(
                    Argument(
                        name: choice.name, nameRange: range, value: .word(subject, range: range)))
            }
        }
        arguments += given
        let command = Command(
            verb: Verb(plugin.spec.kind), verbRange: constraint.source.metricRange,
            subject: plugin.spec.name,
            subjectRange: constraint.source.metricRange, arguments: arguments,
            range: constraint.source.range)
        return TunePlan.Evaluation(
            plugin: plugin,
            call: try bind(command, spec: plugin.spec, owner: "with \(plugin.spec.name)"))
    }

    /// Refuses a constraint's subject that no run could report, before anything trains.
    ///
    /// A subject is a value of one of the evaluation's choice parameters (`mia.lira.auc`) or
    /// names a sensitive attribute of the loaded data (`fairness.sex.dp_difference`). Without
    /// this, `mia.nosuch.auc` trained every setting and then found no row to constrain.
    private func checkSubject(
        _ subject: String, of constraint: TunePlan.Constraint, plugin: PluginSpec,
        scenario: Scenario
    ) throws(Diagnostic) {
        let options = plugin.parameters.compactMap { Interpreter.choices(of: $0) }.flatMap { $0 }
        let attributes = scenario.data.train.sensitive.map(\.name)
        let namesAttribute = attributes.contains { subject.contains($0) }
        guard !options.isEmpty, !namesAttribute else { return }
        throw Diagnostic(
            .unknownName,
            "'\(constraint.source.metric)': no '\(plugin.name)' run reports the subject "
                + "'\(subject)'",
            range: constraint.source.metricRange,
            suggestion: Suggestion.didYouMean(subject, among: options + attributes)
                ?? "subjects: " + (options + attributes).joined(separator: ", "))
    }
}
