import AmuletData
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import AmuletTensor
import Foundation

extension Interpreter {
    /// Parameters of `set`.
    static let settingParameters: [ParameterSpec] = [
        ParameterSpec(
            "seed", .integer, range: 0...9_007_199_254_740_991, doc: "seed of every random choice"),
        ParameterSpec("threads", .integer, range: 1...256, doc: "worker threads for parallel work"),
        ParameterSpec(
            "format", .choice(OutputFormat.allCases.map(\.rawValue)),
            doc: "how tables print: table, markdown, json or csv"),
        ParameterSpec("data", .path, doc: "folder of the raw dataset files"),
    ]

    mutating func execute(
        _ command: Command, program: Program, context: inout CellContext
    ) throws(Diagnostic) {
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
                .note("session reset: scenario, variables, defs and ledger cleared"))
        }
    }

    // MARK: - Catalog lookups

    /// The subject of `command` as a catalog entry of `kind`, with "did you mean" when unknown.
    func catalogSubject(_ command: Command, kind: PluginKind) throws(Diagnostic) -> PluginSpec {
        let names = environment.catalog.specs(kind).map(\.name)
        guard let name = command.subject, let range = command.subjectRange else {
            throw Diagnostic(
                .missingArgument, "\(command.verb.rawValue) needs a \(kind.rawValue) name",
                range: command.verbRange,
                suggestion: Suggestion.list(names, label: "one of"))
        }
        guard let spec = environment.catalog.spec(kind, name) else {
            let suggestion = Suggestion.hint(
                for: name, among: names, label: "one of",
                whenEmpty: "no \(kind.rawValue)s are available yet")
            throw Diagnostic(
                .unknownName, "unknown \(kind.rawValue) '\(name)'", range: range,
                suggestion: suggestion)
        }
        return spec
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
            throw Diagnostic(
                .runtime, "no dataset loaded; load a dataset first", range: command.verbRange,
                suggestion: "for example 'load adult'")
        }
        guard scenario.baseline != nil else {
            throw Diagnostic(
                .runtime, "no model trained; train a model first", range: command.verbRange,
                suggestion: "for example 'train mlp'")
        }
        return scenario
    }

    // MARK: - load, train, defend, undefend

    mutating func load(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        let spec = try catalogSubject(command, kind: .dataset)
        let (values, given) = try ArgumentBinder(interpreter: self).bind(
            command, parameters: spec.parameters, owner: "load \(spec.name)")
        guard let plugin = environment.catalog.dataset(spec.name) else { return }
        var dataValues = values
        if let path = values.text("path") {
            dataValues.values["path"] = .text(environment.resolve(path))
        }
        let split: DataSplit
        do {
            split = try plugin.load(
                dataValues,
                context: DataContext(
                    folder: session.settings.dataFolder, seed: session.settings.seed))
        } catch {
            throw diagnostic(for: error, at: command.subjectRange ?? command.range)
        }
        let scenario = Scenario(
            datasetName: spec.name, datasetParameters: given, data: split,
            memberFraction: values.number("members"), seed: session.settings.seed)
        session.scenario = scenario
        let sensitive = split.train.sensitive.map(\.name)
        context.outputs.append(
            .text(
                "loaded \(spec.name): \(split.train.count) train (\(scenario.memberIndices.count) members, "
                    + "\(scenario.adversaryIndices.count) adversary), \(split.test.count) test, "
                    + "\(split.train.features.cols) features, \(split.train.classCount) classes"
                    + (sensitive.isEmpty ? "" : "; sensitive: " + sensitive.joined(separator: ", "))
            ))
    }

    mutating func train(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        guard var scenario = session.scenario else {
            throw Diagnostic(
                .runtime, "no dataset loaded; load a dataset first", range: command.verbRange,
                suggestion: "for example 'load adult'")
        }
        let spec = try catalogSubject(command, kind: .model)
        let (values, _) = try ArgumentBinder(interpreter: self).bind(
            command, parameters: spec.parameters, owner: "train \(spec.name)")
        guard let plugin = environment.catalog.model(spec.name) else { return }
        let recipe: Recipe
        do {
            recipe = try plugin.recipe(
                values, seed: SeededGenerator.deriveSeed(session.settings.seed, 2))
        } catch {
            throw diagnostic(for: error, at: command.range)
        }
        scenario.baseline = recipe
        scenario.modelName = spec.name
        scenario.modelLabel = recipe.architecture.label
        scenario.defenses = []
        let start = DispatchTime.now().uptimeNanoseconds
        let trained: (model: TrainedModel, fromCache: Bool)
        do {
            trained = try environment.workbench.model(recipe, scenario: scenario)
        } catch {
            throw diagnostic(for: error, at: command.range)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        session.scenario = scenario
        let accuracy = trained.model.network.accuracy(
            scenario.data.test.features, labels: scenario.data.test.labels)
        let loss =
            trained.model.summary.epochLosses.last.map { Format.number($0, digits: 3) } ?? "–"
        context.outputs.append(
            .text(
                "trained \(recipe.architecture.label) on \(scenario.memberIndices.count) members: "
                    + "\(recipe.epochs) epochs, final loss \(loss), test accuracy "
                    + Format.number(accuracy, digits: 3)
                    + (trained.fromCache
                        ? " (from cache)" : " (\(Format.number(seconds, digits: 1)) s)")))
    }

    mutating func defend(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        var scenario = try requireModel(command)
        let spec = try catalogSubject(command, kind: .defense)
        let (values, given) = try ArgumentBinder(interpreter: self).bind(
            command, parameters: spec.parameters, owner: "defend \(spec.name)")
        guard let plugin = environment.catalog.defense(spec.name) else { return }
        let defense: any TrainingDefense
        do {
            defense = try plugin.make(values, scenario: scenario)
        } catch {
            throw diagnostic(for: error, at: command.range)
        }
        let applied = AppliedDefense(name: spec.name, givenParameters: given, defense: defense)
        if let index = scenario.defenses.firstIndex(where: { $0.name == spec.name }) {
            scenario.defenses[index] = applied
        } else {
            scenario.defenses.append(applied)
        }
        session.scenario = scenario
        context.outputs.append(.text("scenario: \(scenario.currentLabel)"))
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
        scenario.defenses.remove(at: index)
        session.scenario = scenario
        context.outputs.append(.text("scenario: \(scenario.currentLabel)"))
    }

    // MARK: - attack, measure

    mutating func evaluate(_ command: Command, kind: PluginKind, context: inout CellContext)
        throws(Diagnostic)
    {
        let scenario = try requireModel(command)
        let spec = try catalogSubject(command, kind: kind)
        let (values, _) = try ArgumentBinder(interpreter: self).bind(
            command, parameters: spec.parameters, owner: "\(command.verb.rawValue) \(spec.name)")
        var run = RunContext(
            workbench: environment.workbench, seed: session.settings.seed,
            threads: session.settings.threads)
        for (role, recipe, label) in scenario.roles {
            let start = DispatchTime.now().uptimeNanoseconds
            var measurements: [RiskMeasurement]
            var summary = TrainingSummary()
            do {
                let trained = try environment.workbench.model(recipe, scenario: scenario)
                summary = trained.model.summary
                let model = ModelUnderTest(
                    role: role, recipe: recipe, label: label, model: trained.model,
                    fromCache: trained.fromCache)
                switch kind {
                case .attack:
                    guard let plugin = environment.catalog.attack(spec.name) else { return }
                    measurements = try plugin.run(
                        values, model: model, scenario: scenario, context: &run)
                default:
                    guard let plugin = environment.catalog.metric(spec.name) else { return }
                    measurements = try plugin.measure(
                        values, model: model, scenario: scenario, context: &run)
                }
            } catch {
                throw diagnostic(for: error, at: command.range)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if !(kind == .metric && spec.name == "privacy") && !measurements.isEmpty {
                // A DP model reports the ε it spent next to whatever was measured on it.
                measurements += PrivacyMetric.measurements(of: summary.values)
            }
            for note in summary.notes where !context.outputs.contains(.note("\(label): \(note)")) {
                context.outputs.append(.note("\(label): \(note)"))
            }
            session.ledger.record(
                measurements.map { m in
                    LedgerRow(
                        cell: context.cell, scenario: label,
                        role: LedgerRow.Role(rawValue: role.rawValue) ?? .current,
                        risk: m.risk.rawValue, metric: m.metric, value: m.value,
                        seed: session.settings.seed,
                        seconds: seconds, repetition: session.repetition, note: m.note)
                })
        }
        session.lastArtifacts = run.artifacts
        context.outputs.append(.table(Comparison.latest(session.ledger, cell: context.cell)))
    }

    // MARK: - compare, show, set

    func compare(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        try noArguments(command)
        guard !session.ledger.rows.isEmpty else {
            throw Diagnostic(
                .runtime, "nothing to compare yet", range: command.verbRange,
                suggestion: "measure or attack first, such as 'measure accuracy'")
        }
        context.outputs.append(.table(Comparison.pivot(session.ledger)))
    }

    func show(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        if command.subject == nil {
            guard !command.arguments.isEmpty else {
                throw Diagnostic(
                    .missingArgument, "show what?", range: command.verbRange,
                    suggestion:
                        "show scenario, models, cache, ledger, settings, defs, variables or a value such as $n"
                )
            }
            for argument in command.arguments {
                if let nameRange = argument.nameRange {
                    throw Diagnostic(
                        .badArgument, "show prints values; write 'show $name'", range: nameRange)
                }
                context.outputs.append(.text(try evaluate(argument.value).description))
            }
            return
        }
        guard let subject = command.subject, let range = command.subjectRange else { return }
        let topics = ["scenario", "models", "cache", "ledger", "settings", "defs", "variables"]
        switch subject {
        case "scenario":
            context.outputs.append(.text(describeScenario()))
        case "models":
            var lines = [
                "\(environment.workbench.memory.count) model(s) trained or loaded in this session"
            ]
            if let scenario = session.scenario {
                for (role, recipe, label) in scenario.roles {
                    lines.append(
                        "  \(role.rawValue): \(label) — \(recipe.optimizer.label), \(recipe.epochs) epochs, batch \(recipe.batchSize)"
                    )
                }
            }
            context.outputs.append(.text(lines.joined(separator: "\n")))
        case "cache":
            if let cache = environment.workbench.cache {
                let stats = cache.statistics()
                context.outputs.append(
                    .text(
                        "model cache \(cache.directory.path): \(stats.entries) model(s), \(Format.bytes(stats.bytes))"
                    ))
            } else {
                context.outputs.append(.text("no model cache (models are kept in memory only)"))
            }
        case "ledger":
            context.outputs.append(.text(CSVRenderer().render(ledger: session.ledger)))
        case "settings":
            let s = session.settings
            context.outputs.append(
                .text(
                    "seed=\(s.seed) threads=\(s.threads) format=\(s.format.rawValue) data=\"\(s.dataFolder.url.path)\""
                ))
        case "defs":
            let text = session.definitions.keys.sorted().compactMap {
                session.definitions[$0]?.source
            }.joined(separator: "\n")
            context.outputs.append(.text(text.isEmpty ? "no defs" : text))
        case "variables":
            let text = session.variables.keys.sorted().map {
                "$\($0) = \(session.variables[$0]?.sourceText ?? "")"
            }
            .joined(separator: "\n")
            context.outputs.append(.text(text.isEmpty ? "no variables" : text))
        default:
            throw Diagnostic(
                .unknownName, "show knows no '\(subject)'", range: range,
                suggestion: Suggestion.didYouMean(subject, among: topics) ?? "one of: "
                    + topics.joined(separator: ", "))
        }
    }

    func describeScenario() -> String {
        guard let scenario = session.scenario else { return "no dataset loaded" }
        let d = scenario.data
        var lines = [
            "dataset: \(scenario.datasetName)"
                + (scenario.datasetParameters.values.isEmpty
                    ? "" : " (\(scenario.datasetParameters.canonical()))"),
            "  train \(d.train.count) = \(scenario.memberIndices.count) members + \(scenario.adversaryIndices.count) adversary; test \(d.test.count)",
            "  \(d.train.features.cols) features, \(d.train.classCount) classes, positive rate "
                + Format.number(d.train.positiveRate, digits: 3),
        ]
        if !d.train.sensitive.isEmpty {
            lines.append(
                "  sensitive: "
                    + d.train.sensitive.map {
                        "\($0.name) (\($0.positiveGroup) vs \($0.negativeGroup))"
                    }.joined(separator: ", "))
        }
        if let recipe = scenario.baseline {
            lines.append(
                "model: \(scenario.modelLabel ?? "") — \(recipe.optimizer.label), \(recipe.epochs) epochs, batch \(recipe.batchSize)"
            )
            lines.append(
                "defenses: "
                    + (scenario.defenses.isEmpty
                        ? "none" : scenario.defenses.map(\.label).joined(separator: ", ")))
        } else {
            lines.append("model: none (train one, such as 'train mlp')")
        }
        lines.append("seed: \(session.settings.seed)")
        return lines.joined(separator: "\n")
    }

    mutating func set(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        if let range = command.subjectRange {
            throw Diagnostic(
                .badArgument, "set takes name=value pairs", range: range,
                suggestion: "such as 'set seed=7' or 'set format=markdown'")
        }
        guard !command.arguments.isEmpty else {
            throw Diagnostic(
                .missingArgument, "set needs a setting", range: command.verbRange,
                suggestion: "settings: seed, threads, format, data")
        }
        let (_, given) = try ArgumentBinder(interpreter: self).bind(
            command, parameters: Interpreter.settingParameters, owner: "set")
        if let seed = given.optionalNumber("seed") { session.settings.seed = UInt64(seed) }
        if let threads = given.optionalNumber("threads") { session.settings.threads = Int(threads) }
        if let format = given.text("format"), let value = OutputFormat(rawValue: format) {
            session.settings.format = value
        }
        if let data = given.text("data") {
            session.settings.dataFolder = DataFolder(
                url: URL(fileURLWithPath: environment.resolve(data)))
        }
        context.outputs.append(.note("set " + given.canonical()))
    }
}
