import AmuletNotebook
import AmuletRisks
import AmuletTensor

extension Interpreter {
    /// `tune DEFENSE P=[…] … subject to METRIC OP x and …`: sweeps defense settings without
    /// touching the session's scenario.
    ///
    /// Every setting (the cartesian product of the swept values) is applied to a copy of the
    /// scenario, on top of its own defenses (a swept defense replaces one of the same name),
    /// and the table's title, its chart's title and a note name the defenses kept;
    /// the defended model is trained and the plug-ins that report the constrained metrics run
    /// on it with their defaults. Rows go to the ledger as `measure` would record them (the
    /// baseline once). The table shows each setting's values (mean ± 95% CI over `repeat`), whether
    /// it meets every constraint, and whether it is on the Pareto front of the constrained
    /// metrics (each metric's direction from its declaration).
    mutating func tune(_ tune: Tune, context: inout CellContext) throws(Diagnostic) {
        let plan = try tunePlan(tune)
        guard let scenario = session.scenario else {
            throw Diagnostic(
                .runtime, "no dataset loaded; load a dataset first", range: tune.range,
                suggestion: "for example 'load adult'")
        }
        guard scenario.baseline != nil else {
            throw Diagnostic(
                .runtime, "no model trained; train a model first", range: tune.range,
                suggestion: "for example 'train mlp'")
        }
        // Engine errors are located at the whole statement, as for a command.
        let command = Command(verb: .defend, verbRange: tune.range, range: tune.range)
        var settings: [Scenario] = []
        for setting in plan.settings {
            var copy = scenario
            var tuned: Set<String> = []
            for defense in setting.defenses { tuned.insert(defense.plugin.spec.name) }
            var list: [(plugin: any DefensePlugin.Type, call: PluginCall)] = []
            for applied in copy.defenses where !tuned.contains(applied.name) {
                list.append((applied.plugin, applied.call))
            }
            list += setting.defenses
            do {
                try copy.setDefenses(list, cancellation: environment.workbench.cancellation)
            } catch {
                throw diagnostic(for: error, command: command)
            }
            settings.append(copy)
        }
        for (plugin, call) in plan.settings.flatMap(\.defenses) {
            context.outputs += Self.deprecationNotes(plugin.spec, call)
        }
        for evaluation in plan.evaluations {
            context.outputs += Self.deprecationNotes(evaluation.plugin.spec, evaluation.call)
        }
        let key = TuneSlot.Key(
            range: tune.range,
            variables: session.variables.keys.sorted().map {
                "\($0)=\(session.variables[$0]?.description ?? "")"
            })
        // The measuring is a work unit of a sharded run; the table is drawn from the ledger
        // afterwards, so a merge draws it from every share's rows.
        let measured = try runAsWorkUnit(
            range: tune.range, context: &context, stateOnly: { _, _ in },
            run: { (interpreter, context) throws(Diagnostic) in
                try interpreter.measureTune(
                    plan, settings: settings, command: command, context: &context)
            })
        // A share leaves the table of another share's tune to the merge.
        guard measured else { return }
        let labels = settings.map(\.currentLabel)
        var identities = context.tuneSlots[key]?.rows ?? []
        for row in session.ledger.rows(inCell: context.cell)
        where row.role == .defended && labels.contains(row.scenario)
            && row.seed == session.settings.seed && row.repetition == session.repetition
        {
            identities.insert(row.identity)
        }
        let (table, record) = tuneResults(
            plan, labels: labels, cell: context.cell, rows: identities)
        place(table, record, key: key, rows: identities, context: &context)
    }

    /// Trains each setting's defended model and runs the plug-ins that report the constrained
    /// metrics on it, recording their rows in the ledger.
    private mutating func measureTune(
        _ plan: TunePlan, settings: [Scenario], command: Command, context: inout CellContext
    ) throws(Diagnostic) {
        let progress = environment.workbench.progress
        defer { environment.workbench.progress = progress }
        for (index, copy) in settings.enumerated() {
            environment.workbench.progress = Self.iterationProgress(
                progress, "tune", index, settings.count)
            for evaluation in plan.evaluations {
                let result: ExperimentResult
                do {
                    result = try experiment.evaluate(
                        evaluation.plugin, call: evaluation.call, scenario: copy,
                        only: index == 0 ? nil : [.defended])
                } catch {
                    throw diagnostic(for: error, command: command)
                }
                _ = session.ledger.record(
                    result, cell: context.cell, seed: session.settings.seed,
                    repetition: session.repetition)
                context.outputs += result.warnings.map(Output.warning)
            }
        }
    }

    private func place(
        _ table: Table, _ record: CellTune, key: TuneSlot.Key, rows: Set<String>,
        context: inout CellContext
    ) {
        if var slot = context.tuneSlots[key] {
            if case .table(let old) = context.outputs[slot.output] {
                var table = table
                table.notes += old.notes.filter { $0.hasPrefix(Self.tuneIterationPrefix) }
                context.outputs[slot.output] = .table(table)
            }
            var record = record
            record.title = context.tunes[slot.record].title
            context.tunes[slot.record] = record
            slot.rows = rows
            context.tuneSlots[key] = slot
            return
        }
        context.tuneSlots[key] = TuneSlot(
            output: context.outputs.count, record: context.tunes.count, rows: rows)
        context.outputs.append(.table(table))
        context.tunes.append(record)
        let siblings = context.tuneSlots.filter { $0.key.range == key.range }
        guard siblings.count > 1 else { return }
        // The variables whose values differ between runs of this statement name each run.
        let assignments = siblings.keys.map { Set($0.variables) }
        let shared = assignments.dropFirst().reduce(assignments[0]) { $0.intersection($1) }
        for (sibling, slot) in siblings {
            let telling = sibling.variables.filter { !shared.contains($0) }
            let note = Self.tuneIterationPrefix + telling.joined(separator: ", ")
            if case .table(var shown) = context.outputs[slot.output] {
                shown.notes.removeAll { $0.hasPrefix(Self.tuneIterationPrefix) }
                shown.notes.append(note)
                context.outputs[slot.output] = .table(shown)
            }
            let base = context.tunes[slot.record].title.components(separatedBy: " (").first ?? ""
            context.tunes[slot.record].title = base + " (" + telling.joined(separator: ", ") + ")"
        }
    }

    /// The start of the note that says which loop values a tune's table is for.
    static let tuneIterationPrefix = "for "

    /// The table and chart record of a finished tune: one row (point) per setting, from the
    /// defended-model ledger rows it recorded (`identities`).
    func tuneResults(_ plan: TunePlan, labels: [String], cell: Int, rows identities: Set<String>)
        -> (Table, CellTune)
    {
        let rows = session.ledger.rows(inCell: cell).filter {
            $0.role == .defended && identities.contains($0.identity)
        }
        var means: [[Double?]] = []
        var cells: [[TableCell]] = []
        for (setting, label) in zip(plan.settings, labels) {
            var line = setting.shown.map { TableCell.text($0) }
            var values: [Double?] = []
            for constraint in plan.constraints {
                // The last value of each repetition: a tune written twice in a cell counts once.
                var byRepetition: [Int: Double?] = [:]
                for row in rows
                where row.scenario == label
                    && constraint.matches(metricName: row.metricName, family: row.metric.name)
                {
                    byRepetition[row.repetition ?? -1] = row.value
                }
                let samples = byRepetition.values
                let defined = samples.compactMap { $0 }
                guard !defined.isEmpty, defined.count == samples.count else {
                    values.append(nil)
                    line.append(.undefined)
                    continue
                }
                let mean = Statistics.mean(defined)
                values.append(mean)
                let digits = constraint.family.unit == .count ? 0 : 3
                line.append(
                    defined.count > 1
                        ? .interval(
                            mean: mean, halfWidth: Statistics.confidenceHalfWidth95(defined),
                            digits: digits)
                        : .number(mean, digits: digits))
            }
            means.append(values)
            cells.append(line)
        }
        let front = ParetoFront.membership(
            means, directions: plan.constraints.map(\.family.direction))
        var meetsAny = false
        var points: [CellTune.Point] = []
        let metricNames = plan.constraints.map(\.source.metric).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        for index in cells.indices {
            let meets = zip(plan.constraints, means[index]).allSatisfy { constraint, value in
                value.map(constraint.holds) ?? false
            }
            meetsAny = meetsAny || meets
            cells[index] += [.text(meets ? "yes" : "no"), .text(front[index] ? "yes" : "no")]
            let setting = plan.settings[index]
            let label = zip(plan.columns, setting.shown).map { "\($0)=\($1)" }.joined(
                separator: ", ")
            let values = metricNames.map { name in
                plan.constraints.firstIndex { $0.source.metric == name }.flatMap {
                    means[index][$0]
                }
            }
            points.append(CellTune.Point(label: label, values: values, meets: meets))
        }
        let metrics = metricNames.map { name in
            let constrained = plan.constraints.filter { $0.source.metric == name }
            return CellTune.Metric(
                name: name, direction: constrained.first?.family.direction ?? .neutral,
                bounds: constrained.map {
                    CellTune.Bound(comparison: $0.source.comparison.rawValue, value: $0.bound)
                })
        }
        let axes = plan.settings.first?.defenses.map { $0.plugin.spec.name } ?? []
        // Every setting keeps the scenario's other defenses: the title and a note say so.
        let kept = (session.scenario?.defenses ?? []).map(\.name).filter { !axes.contains($0) }
        let onTop = kept.isEmpty ? "" : " on top of " + kept.joined(separator: " + ")
        let record = CellTune(
            title: "tune " + axes.joined(separator: " × ") + onTop, metrics: metrics,
            points: points)
        let condition = plan.constraints.map {
            "\($0.source.metric) \($0.source.comparison.rawValue) \($0.boundText)"
        }.joined(separator: " and ")
        var notes = ["subject to \(condition); front: Pareto-optimal over the constrained metrics"]
        if !kept.isEmpty {
            notes.append(
                "every setting trains \(kept.joined(separator: " + ")) + "
                    + axes.joined(separator: " + ") + ", on top of the scenario's defenses; "
                    + "'train' again first to tune from the undefended model")
        }
        if !meetsAny {
            notes.append("no setting meets every constraint")
        }
        let labelSet = Set(labels)
        let measured = rows.filter { labelSet.contains($0.scenario) }
        for constraint in plan.constraints
        where !measured.contains(where: {
            constraint.matches(metricName: $0.metricName, family: $0.metric.name)
        }) {
            var names: [String] = []
            for row in measured where row.metric == constraint.family {
                if !names.contains(row.metricName) { names.append(row.metricName) }
            }
            let hint = Suggestion.hint(
                for: constraint.source.metric, among: names, label: "reported")
            notes.append(
                "no setting reported '\(constraint.source.metric)'"
                    + (hint.map { "; \($0)" } ?? ""))
        }
        let table = Table(
            title: "tune" + onTop,
            columns: plan.columns + plan.constraints.map(\.source.metric)
                + ["meets", "front"], rows: cells, notes: notes)
        return (table, record)
    }
}
