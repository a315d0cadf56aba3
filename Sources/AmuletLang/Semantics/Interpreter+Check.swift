import AmuletRisks

extension Interpreter {
    /// Checks a whole cell before any of it runs: every plug-in command's name and parameters,
    /// inside loops (once per value of a `for`) and the defs the cell calls.
    ///
    /// A typo in the last statement of a block must not cost the training its first
    /// statements do. The check runs on a copy of the interpreter and changes nothing.
    /// Commands whose arguments name a variable the check cannot know (one an `import` would
    /// bind) are left to run time, as are defs it has not seen.
    func check(_ statements: [Statement], file: String? = nil) throws(Diagnostic) {
        var checker = CellChecker(interpreter: self)
        if let file { checker.importStack = [environment.resolve(file)] }
        try checker.check(statements)
    }

    /// Checks a whole script before its first cell runs.
    ///
    /// As `check` checks a cell, and more strictly: imports are read and walked (their defs
    /// known to later cells), and a call of a def no earlier statement or import declares is
    /// an error. An unknown parameter in the last cell must not cost the training of the
    /// cells before it. A failure carries the texts of the files the walk read, for the
    /// diagnostic's source lines.
    func checkScript(_ program: Program) throws(ScriptCheckFailure) {
        var checker = CellChecker(interpreter: self)
        checker.strict = true
        if let file = program.file { checker.importStack = [environment.resolve(file)] }
        do {
            try checker.check(program.statements)
        } catch {
            throw ScriptCheckFailure(diagnostic: error, sources: checker.sources)
        }
    }
}

/// A whole-script check's first problem and the text of every file it read.
struct ScriptCheckFailure: Error {
    /// What is wrong, and where.
    var diagnostic: Diagnostic
    /// Imported files' texts by the path their import wrote, to show the diagnostic's line.
    var sources: [String: String]
}

/// Walks a cell's statements as `Interpreter.check` describes, binding loop variables and
/// `let` values on its own copy of the session.
struct CellChecker {
    /// The copy whose variables and defs the walk updates.
    var interpreter: Interpreter
    /// How many commands may still be checked; a long sweep is checked in part.
    var budget = 10_000
    /// Defs being checked, so a recursive def is walked once.
    var visiting: Set<String> = []
    /// Whether this walks a whole script: then a call of an unknown def is an error.
    var strict = false
    /// The files being walked (absolute paths, innermost last), to resolve relative imports.
    var importStack: [String] = []
    /// The texts of the files imports read, by the path each import wrote.
    var sources: [String: String] = [:]

    mutating func check(_ statements: [Statement]) throws(Diagnostic) {
        for statement in statements where budget > 0 {
            try check(statement)
        }
    }

    mutating func check(_ statement: Statement) throws(Diagnostic) {
        switch statement {
        case .command(let command):
            budget -= 1
            try check(command)
        case .let(let name, _, let expr, _):
            if let value = try? interpreter.evaluate(expr) {
                interpreter.session.variables[name] = value
            }
        case .forLoop(let variable, _, let sequence, let body, _):
            let saved = interpreter.session.variables[variable]
            if let value = try? interpreter.evaluate(sequence) {
                let items: [Value]
                if case .list(let values) = value { items = values } else { items = [value] }
                for item in items where budget > 0 {
                    interpreter.session.variables[variable] = item
                    try check(body)
                }
            } else {
                interpreter.session.variables[variable] = nil
                try check(body)
            }
            interpreter.session.variables[variable] = saved
        case .repeatLoop(_, _, let body, _):
            try check(body)
        case .assert(let assertion):
            // Only the name: whether it has a value is for run time, since an earlier
            // statement of the cell may measure it.
            try check(assertion)
        case .tune(let tune):
            budget -= 1
            let variables =
                tune.axes.flatMap(\.arguments).flatMap { Self.variables(in: $0.value) }
                + tune.constraints.flatMap { Self.variables(in: $0.bound) }
                + tune.options.flatMap(\.arguments).flatMap { Self.variables(in: $0.value) }
            guard variables.allSatisfy({ interpreter.session.variables[$0] != nil }) else { return }
            _ = try interpreter.tunePlan(tune)
        case .def(let name, _, let body, let range):
            interpreter.session.definitions[name] = Definition(body: body, source: "\(range)")
        case .call(let name, let range):
            if strict && interpreter.session.definitions[name] == nil {
                let candidates =
                    Array(interpreter.session.definitions.keys).sorted()
                    + Verb.allCases.map(\.rawValue)
                throw Diagnostic(
                    .unknownName, "unknown command or def '\(name)'", range: range,
                    suggestion: Suggestion.didYouMean(name, among: candidates))
            }
            // Past the depth a run may reach, the run reports "recursion too deep" itself.
            guard visiting.count < Interpreter.maximumExecutionDepth,
                let definition = interpreter.session.definitions[name],
                visiting.insert(name).inserted
            else { return }
            try check(definition.body)
            visiting.remove(name)
        }
    }

    /// A plug-in command's catalog name and, when every variable it uses is known, its
    /// parameters.
    mutating func check(_ command: Command) throws(Diagnostic) {
        if command.verb == .import {
            try checkImport(command)
            return
        }
        if command.verb == .set {
            let variables = command.arguments.flatMap { Self.variables(in: $0.value) }
            guard command.subject == nil, !command.arguments.isEmpty,
                variables.allSatisfy({ interpreter.session.variables[$0] != nil })
            else { return }
            _ = try ArgumentBinder(interpreter: interpreter).bind(
                command, parameters: Interpreter.settingParameters, owner: "set")
            return
        }
        guard let kind = command.verb.pluginKind else { return }
        let entry = try interpreter.catalogEntry(command, kind: kind)
        let variables = command.arguments.flatMap { Self.variables(in: $0.value) }
        guard variables.allSatisfy({ interpreter.session.variables[$0] != nil }) else { return }
        _ = try interpreter.bind(command, spec: entry.spec)
    }

    /// `import FILE`: the file is read and its statements checked as if written here, so
    /// its defs are known after it; a cycle is left to the run's message.
    mutating func checkImport(_ command: Command) throws(Diagnostic) {
        guard
            let imported = try ImportedScript.read(
                command, interpreter: interpreter, importStack: importStack)
        else { return }
        sources[imported.path] = imported.source
        importStack.append(imported.resolved)
        defer { importStack.removeLast() }
        try check(imported.program.statements)
    }

    /// An assertion's metric must be one the Catalog declares (with any subject, as the
    /// ledger shows it: `mia.lira.auc` for the family `mia.auc`) or one already measured.
    func check(_ assertion: Assertion) throws(Diagnostic) {
        let name = assertion.metric
        let ledgerNames = interpreter.session.ledger.rows.map(\.metricName)
        let families =
            interpreter.environment.catalog.metrics.map(\.name)
            + interpreter.session.ledger.rows.map(\.metric.name)
        if ledgerNames.contains(name) { return }
        for family in families {
            if family == name { return }
            guard let dot = family.firstIndex(of: ".") else {
                if name.hasPrefix(family + ".") { return }
                continue
            }
            let prefix = String(family[..<dot]) + "."
            let suffix = String(family[dot...])
            if name.count > prefix.count + suffix.count, name.hasPrefix(prefix),
                name.hasSuffix(suffix)
            {
                return
            }
        }
        var names: [String] = []
        for candidate in ledgerNames + families where !names.contains(candidate) {
            names.append(candidate)
        }
        throw Diagnostic(
            .unknownName, "unknown metric '\(name)'", range: assertion.metricRange,
            suggestion: Suggestion.didYouMean(name, among: names))
    }

    /// The names of the variables an expression reads.
    static func variables(in expr: Expr) -> [String] {
        switch expr {
        case .variable(let name, _): [name]
        case .list(let items, _): items.flatMap { variables(in: $0) }
        case .number, .string, .word: []
        }
    }
}
