import AmuletData
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import Foundation

/// What `show` can print; the one list dispatch, help and completion read.
enum ShowTopic: String, CaseIterable {
    case scenario, models, cache, ledger, settings, defs, variables

    /// One line for help.
    var doc: String {
        switch self {
        case .scenario: "the data, its splits, the model and the defenses"
        case .models: "the models trained or loaded in this session"
        case .cache: "the on-disk model cache"
        case .ledger: "every recorded result, row by row"
        case .settings: "seed, threads, format and data folder"
        case .defs: "the defs of this session"
        case .variables: "the variables of this session"
        }
    }
}

/// What `set` can change; the one list dispatch, help and completion read.
enum Setting: String, CaseIterable {
    case seed, threads, format, data, timer, dryrun

    /// The parameter declaration the binder checks values against.
    var parameter: ParameterSpec {
        switch self {
        case .seed: Declared.seed.spec
        case .threads: Declared.threads.spec
        case .format: Declared.format.spec
        case .data: Declared.data.spec
        case .timer: Declared.timer.spec
        case .dryrun: Declared.dryrun.spec
        }
    }

    /// The typed declaration of each setting, read by `set`.
    enum Declared {
        /// `set seed=N`.
        static let seed = OptionalParameter<Int>(
            "seed", range: 0...9_007_199_254_740_991, doc: "seed of every random choice")
        /// `set threads=N`.
        static let threads = OptionalParameter<Int>(
            "threads", range: 1...256, doc: "worker threads for parallel work")
        /// `set format=…`.
        static let format = OptionalParameter<OutputFormat>(
            "format",
            doc: "how tables print: "
                + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
        /// `set data=FOLDER`.
        static let data = OptionalParameter<String>(
            "data", type: .path, doc: "folder of the raw dataset files")
        /// `set timer=on|off`.
        static let timer = OptionalParameter<Bool>(
            "timer", doc: "print each cell's wall-clock time (on or off)")
        /// `set dryrun=on|off`.
        static let dryrun = OptionalParameter<Bool>(
            "dryrun", doc: "only plan each cell: the models it would train and the time (on or off)"
        )
    }
}

extension Interpreter {
    /// Parameters of `set`.
    static var settingParameters: [ParameterSpec] { Setting.allCases.map(\.parameter) }

    func show(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        guard let subject = command.subject, let range = command.subjectRange else {
            guard !command.arguments.isEmpty else {
                throw Diagnostic(
                    .missingArgument, "show what?", range: command.verbRange,
                    suggestion: "show "
                        + ShowTopic.allCases.map(\.rawValue).joined(separator: ", ")
                        + " or a value such as $n")
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
        guard let topic = ShowTopic(rawValue: subject) else {
            let topics = ShowTopic.allCases.map(\.rawValue)
            throw Diagnostic(
                .unknownName, "show knows no '\(subject)'", range: range,
                suggestion: Suggestion.didYouMean(subject, among: topics) ?? "one of: "
                    + topics.joined(separator: ", "))
        }
        if topic == .ledger, !session.ledger.isEmpty {
            context.outputs.append(.table(LongForm.table(session.ledger.rows)))
            return
        }
        context.outputs.append(.text(text(of: topic)))
    }

    private func text(of topic: ShowTopic) -> String {
        switch topic {
        case .scenario:
            return describeScenario()
        case .models:
            let models = environment.workbench.memory.models
            var lines = [
                "\(Format.count(models.count, "model")) trained or loaded in this session"
                    + (models.isEmpty ? "" : ":")
            ]
            var groups: [(label: String, count: Int)] = []
            for model in models {
                let label = "\(model.label), \(Format.count(model.summary.epochs, "epoch"))"
                if let index = groups.firstIndex(where: { $0.label == label }) {
                    groups[index].count += 1
                } else {
                    groups.append((label, 1))
                }
            }
            lines += groups.map { "  \($0.count) × \($0.label)" }
            for role in session.scenario?.roles ?? [] {
                let recipe = role.recipe
                lines.append(
                    "  scenario \(role.role.rawValue): \(role.label) — \(recipe.optimizer.label), "
                        + "\(Format.count(recipe.epochs, "epoch")), batch \(recipe.batchSize)")
            }
            return lines.joined(separator: "\n")
        case .cache:
            guard let cache = environment.workbench.cache else {
                return "no model cache (models are kept in memory only)"
            }
            let stats = cache.statistics()
            return "model cache \(cache.directory.path): \(stats.entries) model(s), "
                + Format.bytes(stats.bytes)
        case .ledger:
            return "no results yet"
        case .settings:
            let s = session.settings
            return "seed=\(s.seed) threads=\(s.threads) format=\(s.format.rawValue) "
                + "timer=\(s.timer ? "on" : "off") dryrun=\(s.dryRun || s.dryRunOnly ? "on" : "off") "
                + "data=\"\(s.dataFolder.url.path)\""
        case .defs:
            let text = session.definitions.keys.sorted().compactMap {
                session.definitions[$0]?.source
            }.joined(separator: "\n")
            return text.isEmpty ? "no defs" : text
        case .variables:
            let text = session.variables.keys.sorted().map {
                "$\($0) = \(session.variables[$0]?.sourceText ?? "")"
            }.joined(separator: "\n")
            return text.isEmpty ? "no variables" : text
        }
    }

    func describeScenario() -> String {
        guard let scenario = session.scenario else { return "no dataset loaded" }
        let d = scenario.data
        var lines = [
            "dataset: \(scenario.datasetDescription)",
            "  train \(d.train.count) = \(scenario.memberIndices.count) members + "
                + "\(scenario.adversaryIndices.count) adversary; test \(d.test.count)",
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
                "model: \(scenario.modelDescription) — \(recipe.optimizer.label), "
                    + "\(Format.count(recipe.epochs, "epoch")), batch \(recipe.batchSize)")
            lines.append(
                "defenses: "
                    + (scenario.defenses.isEmpty
                        ? "none" : scenario.defenses.map(\.label).joined(separator: ", ")))
            lines += scenario.defendedTraining(scenario.defenses.map(\.plugin)).notes.map {
                "  " + $0
            }
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
                suggestion: "settings: "
                    + Setting.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let (_, given) = try ArgumentBinder(interpreter: self).bind(
            command, parameters: Interpreter.settingParameters, owner: "set")
        let call = PluginCall(given: given)
        // One typed read per setting; the switch is exhaustive, so a new setting must be read.
        for setting in Setting.allCases {
            switch setting {
            case .seed:
                if let value = call[Setting.Declared.seed] { session.settings.seed = UInt64(value) }
            case .threads:
                if let value = call[Setting.Declared.threads] { session.settings.threads = value }
            case .format:
                if let value = call[Setting.Declared.format] { session.settings.format = value }
            case .timer:
                if let value = call[Setting.Declared.timer] { session.settings.timer = value }
            case .dryrun:
                if let value = call[Setting.Declared.dryrun] { session.settings.dryRun = value }
            case .data:
                guard let path = call[Setting.Declared.data] else { continue }
                // A new folder keeps the encoded-dataset cache: entries are keyed by the raw
                // files' content, so another folder's files can never read a wrong entry.
                var folder = DataFolder(url: URL(fileURLWithPath: environment.resolve(path)))
                folder.cache = session.settings.dataFolder.cache
                session.settings.dataFolder = folder
            }
        }
        context.outputs.append(.note("set " + given.canonical()))
    }
}
