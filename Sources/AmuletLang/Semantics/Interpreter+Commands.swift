import AmuletData
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import AmuletTensor
import Foundation

extension Interpreter {
    mutating func execute(
        _ command: Command, program: Program, context: inout CellContext
    ) throws(Diagnostic) {
        context.verbs.insert(command.verb)
        if environment.sharding != nil {
            if try executeSharded(command, context: &context) { return }
        }
        switch command.verb {
        case .load: try load(command, context: &context)
        case .train: try train(command, context: &context)
        case .defend: try defend(command, context: &context)
        case .undefend: try undefend(command, context: &context)
        case .attack: try evaluate(command, kind: .attack, context: &context)
        case .measure: try evaluate(command, kind: .metric, context: &context)
        case .compare: try compare(command, context: &context)
        case .show: try show(command, context: &context)
        case .set: try set(command, context: &context)
        case .help: try help(command, context: &context)
        case .explain: try explain(command, context: &context)
        case .report: try report(command, context: &context)
        case .export: try export(command, context: &context)
        case .save: try save(command, context: &context)
        case .import: try importFile(command, context: &context)
        case .reset:
            try noArguments(command)
            session = session.afterReset()
            environment.workbench.memory.clear()
            context.outputs.append(
                .note(
                    "session reset: scenario, variables, ledger and your defs cleared "
                        + "(settings and the prelude's defs kept)"))
        }
    }

    // MARK: - Catalog lookups

    /// The subject of `command` as a catalog entry of `kind`, with "did you mean" when unknown.
    func catalogEntry(_ command: Command, kind: PluginKind) throws(Diagnostic) -> CatalogEntry {
        let names = environment.catalog.specs(kind).map(\.name)
        guard let name = command.subject, let range = command.subjectRange else {
            throw Diagnostic(
                .missingArgument, "\(command.verb.rawValue) needs a \(kind.rawValue) name",
                range: command.verbRange,
                suggestion: Suggestion.list(names, label: "one of"))
        }
        guard let entry = environment.catalog.entry(kind, name) else {
            let suggestion = Suggestion.hint(
                for: name, among: names, label: "one of",
                whenEmpty: "no \(kind.rawValue)s are available yet")
            throw Diagnostic(
                .unknownName, "unknown \(kind.rawValue) '\(name)'", range: range,
                suggestion: suggestion)
        }
        return entry
    }

    /// The validated call of `spec` from the command's arguments.
    ///
    /// `.path` values are resolved against the working directory; `owner` names the command in
    /// diagnostics (default: the verb and the plug-in).
    func bind(_ command: Command, spec: PluginSpec, owner: String? = nil) throws(Diagnostic)
        -> PluginCall
    {
        let (_, given) = try ArgumentBinder(interpreter: self).bind(
            command, parameters: spec.parameters,
            owner: owner ?? "\(command.verb.rawValue) \(spec.name)")
        var resolved = given
        for parameter in spec.parameters where parameter.type == .path {
            if case .text(let path) = given[parameter.name] {
                resolved.values[parameter.name] = .text(environment.resolve(path))
            }
        }
        return PluginCall(given: resolved)
    }

    /// The notes a run of `spec` earns for the deprecated aliases `call` gives, such as
    /// `word= is a deprecated alias of trigger=: write trigger=cf`, from the declarations alone.
    static func deprecationNotes(_ spec: PluginSpec, _ call: PluginCall) -> [Output] {
        spec.deprecationNotes(call.given).map(Output.note)
    }

    /// A catalog entry whose case does not match its declared kind: a catalog defect.
    func mismatchedEntry(_ command: Command, _ entry: CatalogEntry) -> Diagnostic {
        Diagnostic(
            .runtime,
            "catalog entry '\(entry.spec.name)' is declared a \(entry.spec.kind.rawValue) but is "
                + "not one; please report this", range: command.subjectRange ?? command.range)
    }

    func noArguments(_ command: Command) throws(Diagnostic) {
        if let subjectRange = command.subjectRange {
            throw Diagnostic(
                .badArgument, "\(command.verb.rawValue) takes no arguments", range: subjectRange)
        }
        if let first = command.arguments.first {
            throw Diagnostic(
                .badArgument, "\(command.verb.rawValue) takes no arguments", range: first.range)
        }
    }

    func requireModel(_ command: Command) throws(Diagnostic) -> Scenario {
        guard let scenario = session.scenario else {
            throw diagnostic(for: ScenarioError.noDataset, command: command)
        }
        guard scenario.baseline != nil else {
            throw diagnostic(for: ScenarioError.noModel, command: command)
        }
        return scenario
    }

    /// The experiment runner of this session's settings.
    var experiment: Experiment {
        Experiment(
            catalog: environment.catalog, workbench: environment.workbench,
            seed: session.settings.seed, threads: session.settings.threads)
    }

    // MARK: - load, train, defend, undefend

    mutating func load(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        let entry = try catalogEntry(command, kind: .dataset)
        guard case .dataset(let plugin) = entry else { throw mismatchedEntry(command, entry) }
        let call = try bind(command, spec: plugin.spec)
        let split: DataSplit
        do {
            split = try plugin.load(
                call,
                context: DataContext(
                    folder: session.settings.dataFolder, seed: session.settings.seed,
                    cancellation: environment.workbench.cancellation))
        } catch {
            throw diagnostic(for: error, command: command, at: command.subjectRange)
        }
        // One rule for every loader: a target with one value leaves nothing to predict (the
        // class count alone would not say so: IDX counts classes up to the largest label).
        let present = Set(split.train.labels).union(split.test.labels)
        guard present.count >= 2 else {
            let only = present.first.map {
                split.train.classNames.indices.contains($0)
                    ? split.train.classNames[$0] : String($0)
            }
            throw Diagnostic(
                .badArgument,
                "\(plugin.spec.name): every row has the same label"
                    + (only.map { " ('\($0)')" } ?? "") + "; nothing to predict",
                range: command.subjectRange ?? command.range,
                suggestion: "load data with at least two classes")
        }
        let scenario = Scenario(
            datasetName: plugin.spec.name, datasetParameters: call.given, data: split,
            memberFraction: call[DatasetParameters.members], seed: session.settings.seed)
        session.scenario = scenario
        session.artifacts = nil
        session.recordDependency("data \(split.identity)")
        let sensitive = split.train.sensitive.map(\.name)
        // A text row's columns are its token positions, not features.
        var shape = "\(split.train.features.cols) features"
        if case .text(let length, let vocabulary) = split.train.modality {
            shape = "sentences of up to \(length) tokens over \(vocabulary.count) word ids"
        }
        context.outputs.append(
            .text(
                "loaded \(plugin.spec.name): \(split.train.count) train (\(scenario.memberIndices.count) members, "
                    + "\(scenario.adversaryIndices.count) adversary), \(split.test.count) test, "
                    + "\(shape), \(split.train.classCount) classes"
                    + (sensitive.isEmpty ? "" : "; sensitive: " + sensitive.joined(separator: ", "))
            ))
        context.outputs += split.notes.map { Output.note("\(plugin.spec.name): \($0)") }
        context.outputs += Self.deprecationNotes(plugin.spec, call)
    }

    /// `train`; with `trainModel` false only sets the scenario's recipe, as a shard does for
    /// a unit another shard trains.
    mutating func train(
        _ command: Command, context: inout CellContext, trainModel: Bool = true
    ) throws(Diagnostic) {
        guard var scenario = session.scenario else {
            throw diagnostic(for: ScenarioError.noDataset, command: command)
        }
        let entry = try catalogEntry(command, kind: .model)
        guard case .model(let plugin) = entry else { throw mismatchedEntry(command, entry) }
        let call = try bind(command, spec: plugin.spec)
        let report: RoleResult
        do {
            let recipe = try plugin.recipe(
                call, seed: SeededGenerator.deriveSeed(session.settings.seed, 2),
                data: scenario.data.train)
            scenario.setModel(
                name: plugin.spec.name, recipe: recipe, label: recipe.architecture.label,
                parameters: call.given)
            guard trainModel else {
                session.scenario = scenario
                session.artifacts = nil
                return
            }
            report = try experiment.train(scenario)
        } catch {
            throw diagnostic(for: error, command: command)
        }
        session.scenario = scenario
        session.artifacts = nil
        let summary = report.summary ?? TrainingSummary()
        let loss = summary.epochLosses.last.map { Format.number($0, digits: 3) } ?? "–"
        let accuracy = report.health.map { Format.number($0.accuracy, digits: 3) } ?? "–"
        if let source = summary.suppliedBy {
            context.outputs.append(
                .text(
                    "loaded \(source) as the target, its own weights (nothing trained): "
                        + "test accuracy \(accuracy)"))
        } else {
            context.outputs.append(
                .text(
                    "trained \(report.label) on \(scenario.memberIndices.count) members: "
                        + "\(Format.count(summary.epochs, "epoch")), final loss \(loss), test accuracy \(accuracy)"
                        + (report.fromCache
                            ? " (from cache)" : " (\(Format.number(report.seconds, digits: 1)) s)"))
            )
        }
        for note in summary.notes { context.outputs.append(.note("\(report.label): \(note)")) }
        if let warning = report.health?.warning(label: report.label) {
            context.outputs.append(.warning(warning))
        }
        context.outputs += Self.deprecationNotes(plugin.spec, call)
    }

    mutating func defend(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        var scenario = try requireModel(command)
        let entry = try catalogEntry(command, kind: .defense)
        guard case .defense(let plugin) = entry else { throw mismatchedEntry(command, entry) }
        let call = try bind(command, spec: plugin.spec)
        var list = scenario.defenses.map { (plugin: $0.plugin, call: $0.call) }
        if let index = list.firstIndex(where: { $0.plugin.spec.name == plugin.spec.name }) {
            list[index] = (plugin, call)
        } else {
            list.append((plugin, call))
        }
        do {
            try scenario.setDefenses(list, cancellation: environment.workbench.cancellation)
        } catch {
            throw diagnostic(for: error, command: command)
        }
        session.scenario = scenario
        session.artifacts = nil
        context.outputs.append(.text("scenario: \(scenario.currentLabel)"))
        for note in scenario.defendedTraining(list.map(\.plugin)).notes {
            context.outputs.append(.note(note))
        }
        context.outputs += Self.deprecationNotes(plugin.spec, call)
    }

    mutating func undefend(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        var scenario = try requireModel(command)
        let applied = scenario.defenses.map(\.name)
        guard let name = command.subject, let range = command.subjectRange else {
            throw Diagnostic(
                .missingArgument, "undefend needs the name of a defense in the scenario",
                range: command.verbRange,
                suggestion: applied.isEmpty
                    ? "the scenario has no defenses" : "one of: " + applied.joined(separator: ", "))
        }
        guard let index = scenario.defenses.firstIndex(where: { $0.name == name }) else {
            throw Diagnostic(
                .unknownName, "the scenario has no defense '\(name)'", range: range,
                suggestion: Suggestion.didYouMean(name, among: applied)
                    ?? (applied.isEmpty
                        ? "the scenario has no defenses"
                        : "defenses: " + applied.joined(separator: ", ")))
        }
        try noArguments(
            Command(
                verb: command.verb, verbRange: command.verbRange, subject: nil, subjectRange: nil,
                arguments: command.arguments, range: command.range))
        var list = scenario.defenses.map { (plugin: $0.plugin, call: $0.call) }
        list.remove(at: index)
        do {
            try scenario.setDefenses(list, cancellation: environment.workbench.cancellation)
        } catch {
            throw diagnostic(for: error, command: command)
        }
        session.scenario = scenario
        session.artifacts = nil
        context.outputs.append(.text("scenario: \(scenario.currentLabel)"))
    }

    // MARK: - attack, measure

    mutating func evaluate(_ command: Command, kind: PluginKind, context: inout CellContext)
        throws(Diagnostic)
    {
        let entry = try catalogEntry(command, kind: kind)
        guard case .evaluation(let plugin) = entry else { throw mismatchedEntry(command, entry) }
        let call = try bind(command, spec: plugin.spec)
        let result: ExperimentResult
        do {
            result = try experiment.evaluate(plugin, call: call, scenario: session.scenario)
        } catch {
            throw diagnostic(for: error, command: command)
        }
        session.artifacts = session.artifacts?.merging(result.artifacts) ?? result.artifacts
        if case .worker = environment.sharding { context.artifacts.append(result.artifacts) }
        let curves = CellCurve.curves(of: result)
        context.curves += curves
        let images = CellImages.images(of: result)
        for entry in images {
            // In a loop each run's figure replaces the last one of its model and kind, so a
            // sweep shows the last setting's images once rather than one figure per step.
            if context.loopDepth > 0 {
                context.images.removeAll {
                    $0.label == entry.label && $0.role == entry.role
                        && $0.grid.rowTitles.first == entry.grid.rowTitles.first
                }
            }
            context.images.append(entry)
        }
        let recorded = session.ledger.record(
            result, cell: context.cell, seed: session.settings.seed,
            repetition: session.repetition)
        // Repeats are dropped when the cell ends (`withoutRepeatedNotes`), not here: what a
        // command shows must not depend on what came before it in the cell (see `WorkRecord`).
        context.outputs += result.warnings.map(Output.warning)
        context.outputs += result.notes.map(Output.note)
        context.outputs += Self.deprecationNotes(plugin.spec, call)
        if context.loopDepth > 0 {
            context.loopRows.formUnion(recorded.map(\.identity))
        } else {
            context.outputs.append(.table(Comparison.latest(rows: recorded, cell: context.cell)))
            for curve in curves { context.outputs.append(.text(TextSparkline.rocLine(curve))) }
            for entry in images { context.outputs.append(.note(entry.terminalLine)) }
        }
    }

    // MARK: - compare

    func compare(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        let ledger = comparedLedger(context)
        var view = ComparisonView.summary
        if let subject = command.subject, let range = command.subjectRange {
            guard let form = CompareForm(rawValue: subject) else {
                throw Diagnostic(
                    .badArgument, "compare has no form '\(subject)'", range: range,
                    suggestion: Suggestion.didYouMean(
                        subject, among: CompareForm.allCases.map(\.rawValue))
                        ?? "forms: " + CompareForm.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let formView = form.view else {
                try noArguments(
                    Command(
                        verb: command.verb, verbRange: command.verbRange,
                        arguments: command.arguments,
                        range: command.range))
                context.outputs.append(
                    .table(
                        InteractionMatrix.table(ledger.rows, catalog: environment.catalog)))
                return
            }
            view = formView
        }
        let (_, given) = try ArgumentBinder(interpreter: self).bind(
            command, parameters: Interpreter.compareParameters, owner: "compare")
        let options = PluginCall(given: given)
        guard !ledger.rows.isEmpty else {
            throw Diagnostic(
                .runtime, "nothing to compare yet", range: command.verbRange,
                suggestion: "measure or attack first, such as 'measure accuracy'")
        }
        if let risk = options[Interpreter.compareRisk] {
            let risks = Risk.allCases.map(\.rawValue)
            guard risks.contains(risk) else {
                throw Diagnostic(
                    .unknownName, "no risk called '\(risk)'",
                    range: valueRange(Interpreter.compareRisk.name, in: command),
                    suggestion: Suggestion.didYouMean(risk, among: risks)
                        ?? "risks: " + risks.joined(separator: ", "))
            }
            view = .risk(risk)
        }
        if let glob = options[Interpreter.compareMetric] {
            let names = ledger.rows.map(\.metricName)
            guard names.contains(where: { ComparisonView.matches($0, glob: glob) }) else {
                throw Diagnostic(
                    .unknownName, "no measured metric matches '\(glob)'",
                    range: valueRange(Interpreter.compareMetric.name, in: command),
                    suggestion: Suggestion.didYouMean(glob, among: Array(Set(names)).sorted())
                        ?? "use * for any run of characters, such as 'mia.*'")
            }
            view = .metric(glob)
        }
        var baseline: String?
        if let label = options[Interpreter.compareBaseline] {
            let labels = Comparison.columnLabels(ledger)
            guard labels.contains(label) else {
                throw Diagnostic(
                    .unknownName, "no scenario labelled '\(label)' in the results",
                    range: valueRange(Interpreter.compareBaseline.name, in: command),
                    suggestion: Suggestion.didYouMean(label, among: labels)
                        ?? "scenarios: " + labels.joined(separator: ", "))
            }
            baseline = label
        }
        context.outputs.append(
            .table(Comparison.pivot(ledger, baseline: baseline, view: view)))
    }

    /// The results `compare` compares: the session's, or, for a `compare` an imported file
    /// runs, only those recorded since that import began.
    ///
    /// A lesson imported into a session that already trained models must compare its own
    /// models, not the earlier ones (its Δ would be taken against someone else's baseline).
    /// The ledger only appends rows or replaces a row in place, so a row is the import's when
    /// it lies past the snapshot's end or differs from the snapshot's row at its position (a
    /// row the import recorded again carries the import's cell).
    func comparedLedger(_ context: CellContext) -> Ledger {
        guard let before = context.importLedgers.last else { return session.ledger }
        let rows = session.ledger.rows
        let old = before.rows
        return Ledger(
            rows: rows.indices.filter { $0 >= old.count || rows[$0] != old[$0] }.map { rows[$0] })
    }

    /// The range of the value of `name=…` in `command`, or the verb's when not given.
    func valueRange(_ name: String, in command: Command) -> SourceRange {
        command.arguments.first { $0.name == name }?.value.range ?? command.verbRange
    }

    /// `compare risk=NAME`.
    static let compareRisk = OptionalParameter<String>(
        "risk", doc: "show every metric of one risk, such as membership or fairness")

    /// `compare metric=GLOB`.
    static let compareMetric = OptionalParameter<String>(
        "metric", doc: "show the metrics whose names match, such as 'mia.*' (* is any text)")

    /// `compare baseline=LABEL`.
    static let compareBaseline = OptionalParameter<String>(
        "baseline", doc: "the scenario every Δ is taken against (default: the first)")

    /// The options of `compare`, as help, completion and the binder read them.
    static var compareParameters: [ParameterSpec] {
        [compareBaseline.spec, compareRisk.spec, compareMetric.spec]
    }
}
