import AmuletData
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import AmuletTensor
import Foundation

/// Runs cells of the language against a session.
///
/// A cell is parsed whole first; if it has syntax errors nothing runs. Statements then run in
/// order on a copy of the session; the first error stops the cell and the session stays as it
/// was before the cell (the Catalog, model cache and in-memory models are not rolled back:
/// they only ever hold correct results).
public struct Interpreter: Sendable {
    /// The session the cells change.
    public var session: Session
    /// Catalog, workbench and working directory.
    public var environment: InterpreterEnvironment

    /// An interpreter over `session`.
    ///
    /// The session gains the defs the Catalog writes (`risks`) unless it defines them itself.
    public init(session: Session, environment: InterpreterEnvironment) {
        self.session = session
        self.environment = environment
        let name = CatalogDefinitions.risksName
        if self.session.definitions[name] == nil,
            let risks = CatalogDefinitions.risks(environment.catalog)
        {
            self.session.definitions[name] = risks
            self.session.preludeDefinitions[name] = risks
        }
    }

    /// Runs one cell of source text; `file` names it in diagnostics.
    public mutating func run(_ source: String, file: String? = nil) -> CellResult {
        let (program, syntaxErrors) = Parser.parse(source: source, file: file)
        if !syntaxErrors.isEmpty {
            let cell = session.nextCell
            session.nextCell += 1
            var result = CellResult(
                cell: cell, outputs: [], diagnostics: syntaxErrors,
                sources: [file ?? "<input>": source])
            result.format = session.settings.format
            return result
        }
        return runCell(program.statements, program: program, cellSource: source)
    }

    /// Runs a script statement by statement, each top-level statement its own cell.
    ///
    /// Syntax errors anywhere stop the script before anything runs, and so does anything the
    /// whole-script check finds (`checkScript`: names, parameters, metrics, defs, imports).
    /// Otherwise each cell's
    /// result goes to `emit` as soon as it finishes; the first failing cell stops the script,
    /// except a cell that failed only on `assert`s, which changed nothing: the script runs
    /// on, so every assertion is reported. Returns whether every cell succeeded.
    ///
    /// `before`, when given, sees each cell before it runs (a step-through shows it and
    /// waits); returning false stops the script there, as a success.
    public mutating func runScript(
        _ source: String, file: String? = nil, before: ((ScriptStep) -> Bool)? = nil,
        emit: (CellResult) -> Void
    ) -> Bool {
        let (program, syntaxErrors) = Parser.parse(source: source, file: file)
        if !syntaxErrors.isEmpty {
            let cell = session.nextCell
            session.nextCell += 1
            emit(
                CellResult(
                    cell: cell, outputs: [], diagnostics: syntaxErrors,
                    sources: [file ?? "<input>": source]))
            return false
        }
        do {
            try checkScript(program)
        } catch {
            let cell = session.nextCell
            session.nextCell += 1
            var sources = error.sources
            sources[file ?? "<input>"] = source
            emit(
                CellResult(
                    cell: cell, outputs: [], diagnostics: [error.diagnostic], sources: sources))
            return false
        }
        // One line index for the whole script: finding each statement's text from scratch
        // would scan the source once per statement, quadratic in the script's length.
        var allPassed = true
        let steps = before.map { _ in ScriptStep.steps(of: program) } ?? []
        for (index, (statement, text)) in zip(program.statements, program.statementTexts)
            .enumerated()
        {
            if let before, index < steps.count, !before(steps[index]) { return allPassed }
            let result = runCell([statement], program: program, cellSource: text)
            emit(result)
            if result.failedOnlyOnAssertions {
                allPassed = false
            } else if !result.succeeded {
                return false
            }
        }
        return allPassed
    }

    /// Runs statements as one cell on a copy of the session, committed only on success.
    mutating func runCell(_ statements: [Statement], program: Program, cellSource: String)
        -> CellResult
    {
        var result = runCellUnformatted(statements, program: program, cellSource: cellSource)
        result.format = session.settings.format
        result.showsTimer = session.settings.timer
        result.source = cellSource.trimmingCharacters(in: .whitespacesAndNewlines)
        if result.succeeded { result.recorded = session.ledger.rows(inCell: result.cell) }
        return result
    }

    private mutating func runCellUnformatted(
        _ statements: [Statement], program: Program, cellSource: String
    ) -> CellResult {
        let cell = session.nextCell
        session.nextCell += 1
        var context = CellContext(cell: cell)
        context.sources[program.file ?? "<input>"] = program.source
        if let file = program.file { context.importStack.append(environment.resolve(file)) }
        var draft = self
        let cacheWarning = CacheWriteWarning(self)
        do {
            try check(statements, file: program.file)
            try draft.executePlanned(statements, program: program, context: &context)
        } catch {
            if let warning = cacheWarning.warning() { context.outputs.append(.warning(warning)) }
            var failed = CellResult(
                cell: cell, outputs: Self.withoutRepeatedNotes(context.outputs),
                diagnostics: [error],
                sources: context.sources)
            failed.assertions = context.assertions
            return failed
        }
        // Commit first, consuming the draft, so the cell list has one owner and appending
        // to it does not copy every earlier cell.
        self = consume draft
        if let warning = cacheWarning.warning() { context.outputs.append(.warning(warning)) }
        // Settled after the commit, when this session is the tables' only holder: in place.
        session.variables.settle()
        session.definitions.settle()
        context.outputs = Self.withoutRepeatedNotes(context.outputs)
        let trimmed = cellSource.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty && !statements.isEmpty {
            let record = CellRecord(
                number: cell, source: trimmed, outputs: context.outputs,
                curves: context.curves, tunes: context.tunes, images: context.images,
                isBookkeeping: !context.verbs.isEmpty
                    && context.verbs.isSubset(of: Verb.bookkeeping))
            session.cells.append(record)
            session.history.append(record)
        }
        var result = CellResult(
            cell: cell, outputs: context.outputs, diagnostics: [],
            sources: context.sources)
        result.assertions = context.assertions
        return result
    }

    // MARK: - Statements

    /// How many blocks deep a cell may run, counting loop bodies and def calls.
    ///
    /// Each level recurses in `execute`, so a def that calls itself must stop with a
    /// diagnostic long before the stack runs out.
    static let maximumExecutionDepth = 512

    mutating func execute(
        _ statements: [Statement], program: Program, context: inout CellContext
    ) throws(Diagnostic) {
        context.depth += 1
        defer { context.depth -= 1 }
        for statement in statements {
            if environment.workbench.cancellation?.isCancelled ?? false {
                throw Diagnostic(
                    .runtime, "cancelled; the session is as it was before this cell",
                    range: statement.range)
            }
            try execute(statement, program: program, context: &context)
        }
    }

    mutating func execute(
        _ statement: Statement, program: Program, context: inout CellContext
    ) throws(Diagnostic) {
        switch statement {
        case .command(let command):
            try execute(command, program: program, context: &context)
        case .assert(let assertion):
            if case .worker = environment.sharding { return }
            try check(assertion, program: program, context: &context)
        case .tune(let tune):
            try self.tune(tune, context: &context)
        case .let(let name, _, let expr, _):
            session.variables[name] = try evaluate(expr)
        case .forLoop(let variable, _, let sequence, let body, _):
            let items: [Value]
            switch try evaluate(sequence) {
            case .list(let values): items = values
            case let single: items = [single]
            }
            let saved = session.variables[variable]
            let progress = environment.workbench.progress
            context.loopDepth += 1
            for (index, item) in items.enumerated() {
                if context.loopDepth == 1 { session.units.beginIteration() }
                session.variables[variable] = item
                environment.workbench.progress = Self.iterationProgress(
                    progress, "\(variable)=\(item.description)", index, items.count)
                try execute(body, program: program, context: &context)
            }
            environment.workbench.progress = progress
            context.loopDepth -= 1
            if context.loopDepth == 0 { session.units.endLoop() }
            session.variables[variable] = saved
            showLoopResults(context: &context)
        case .repeatLoop(let count, _, let body, _):
            let baseSeed = session.settings.seed
            let outerRepetition = session.repetition
            let progress = environment.workbench.progress
            context.loopDepth += 1
            for r in 0..<count {
                if context.loopDepth == 1 { session.units.beginIteration() }
                session.settings.seed = SeededGenerator.deriveSeed(baseSeed, UInt64(r + 1))
                session.repetition = r
                environment.workbench.progress = Self.iterationProgress(
                    progress, "repeat", r, count)
                try execute(body, program: program, context: &context)
            }
            environment.workbench.progress = progress
            context.loopDepth -= 1
            if context.loopDepth == 0 { session.units.endLoop() }
            session.settings.seed = baseSeed
            session.repetition = outerRepetition
            showLoopResults(context: &context)
        case .def(let name, let nameRange, let body, let range):
            if Verb(rawValue: name) != nil {
                throw Diagnostic(
                    .badArgument, "'\(name)' is a verb and cannot name a def", range: nameRange)
            }
            session.definitions[name] = Definition(
                body: body, source: program.sourceText(of: range))
        case .call(let name, let range):
            guard let definition = session.definitions[name] else {
                let candidates =
                    Array(session.definitions.keys).sorted() + Verb.allCases.map(\.rawValue)
                throw Diagnostic(
                    .unknownName, "unknown command or def '\(name)'", range: range,
                    suggestion: Suggestion.didYouMean(name, among: candidates))
            }
            if context.depth >= Interpreter.maximumExecutionDepth {
                throw Diagnostic(
                    .runtime,
                    "recursion too deep: def '\(name)' would run more than "
                        + "\(Interpreter.maximumExecutionDepth) blocks deep", range: range)
            }
            context.importStack.append(Interpreter.defFrameMarker + name)
            defer { context.importStack.removeLast() }
            try execute(definition.body, program: program, context: &context)
        }
    }

    /// The outputs with each note and warning kept only where it first appears: a loop
    /// that says the same thing every iteration says it once.
    static func withoutRepeatedNotes(_ outputs: [Output]) -> [Output] {
        var seen: Set<String> = []
        return outputs.filter { output in
            switch output {
            case .note(let text): seen.insert("note:" + text).inserted
            case .warning(let text): seen.insert("warning:" + text).inserted
            case .text, .table: true
            }
        }
    }

    /// A progress reporter that says which iteration is running, then passes each update on
    /// with the iteration in front of its stage.
    static func iterationProgress(
        _ reporter: ProgressReporter?, _ label: String, _ index: Int, _ count: Int
    ) -> ProgressReporter? {
        guard let reporter else { return nil }
        let position = "[\(label) \(index + 1)/\(count)]"
        reporter(ProgressUpdate(stage: position, completed: index, total: count))
        return { update in
            var update = update
            update.stage = position + " " + update.stage
            reporter(update)
        }
    }

    /// After the outermost loop of a cell, one table of everything its iterations measured:
    /// repetitions pooled as mean ± CI, each setting of a `for` its own column.
    func showLoopResults(context: inout CellContext) {
        guard context.loopDepth == 0, !context.loopRows.isEmpty else { return }
        let rows = session.ledger.rows(inCell: context.cell).filter {
            context.loopRows.contains($0.identity)
        }
        context.loopRows = []
        context.outputs.append(
            .table(Comparison.pivot(rows: rows, view: .summary, title: "cell \(context.cell)")))
    }

    // MARK: - Expressions

    /// The value of an expression; `$name` must be bound.
    func evaluate(_ expr: Expr) throws(Diagnostic) -> Value {
        switch expr {
        case .number(let value, let text, _, _):
            return .number(value, text: text)
        case .string(let text, _), .word(let text, _):
            return .text(text)
        case .variable(let name, let range):
            guard let value = session.variables[name] else {
                throw Diagnostic(
                    .unknownName, "no variable named '$\(name)'; bind one with 'let \(name) = …'",
                    range: range,
                    suggestion: Suggestion.closest(to: name, among: session.variables.keys.sorted())
                        .map { "did you mean '$\($0)'?" })
            }
            return value
        case .list(let items, _):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        }
    }

    /// Turns an engine error into a diagnostic at `range`, or at the argument it names.
    func diagnostic(for error: any Error, command: Command, at range: SourceRange? = nil)
        -> Diagnostic
    {
        let range = range ?? command.range
        if let diagnostic = error as? Diagnostic { return diagnostic }
        if error is CancellationError {
            return Diagnostic(
                .runtime, "cancelled; the session is as it was before this cell", range: range)
        }
        if let data = error as? DataError {
            switch data {
            case .missingFile(_, let fetch, _), .damagedFile(_, _, let fetch):
                return Diagnostic(.io, data.description, range: range, suggestion: "run \(fetch)")
            default:
                return Diagnostic(.io, data.description, range: range)
            }
        }
        if let resource = error as? ResourceError {
            guard case .insufficientMemory(_, _, let parameter) = resource else {
                return Diagnostic(.runtime, "\(resource)", range: range)
            }
            let at = parameter.flatMap { argumentRange($0, in: command) }
            return Diagnostic(
                .runtime, "\(resource)", range: at ?? range,
                suggestion: parameter.map { "ask for a smaller \($0)=" })
        }
        if let onnx = error as? ONNXError {
            return Diagnostic(.runtime, onnx.description, range: range)
        }
        if let scenario = error as? ScenarioError {
            switch scenario {
            case .noDataset:
                return Diagnostic(
                    .runtime, "no dataset loaded; load a dataset first",
                    range: command.verbRange, suggestion: "for example 'load adult'")
            case .noModel:
                return Diagnostic(
                    .runtime, "no model trained; train a model first", range: command.verbRange,
                    suggestion: "for example 'train mlp'")
            default:
                let at = scenario.parameterName.flatMap { argumentRange($0, in: command) }
                return Diagnostic(
                    .runtime, scenario.description, range: at ?? range,
                    suggestion: scenario.suggestion)
            }
        }
        if let training = error as? TrainingError {
            switch training {
            case .diverged(let epoch):
                return Diagnostic(
                    .runtime, "training diverged (loss is not finite) in epoch \(epoch)",
                    range: range,
                    suggestion: "try a smaller learning rate, such as lr=1e-4")
            case .emptyTrainingSet:
                return Diagnostic(.runtime, "the training set is empty", range: range)
            case .labelOutOfRange(let label, let classes):
                return Diagnostic(
                    .runtime, "label \(label) is outside 0..<\(classes)", range: range)
            case .invalidRecipe(let reason):
                return Diagnostic(.runtime, reason, range: range)
            }
        }
        return Diagnostic(.runtime, "\(error)", range: range)
    }

    /// The source range of the argument `name=…` of `command`, if given.
    func argumentRange(_ name: String, in command: Command) -> SourceRange? {
        command.arguments.first { $0.name == name }?.range
    }
}
