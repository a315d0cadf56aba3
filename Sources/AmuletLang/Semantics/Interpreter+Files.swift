import AmuletNotebook
import AmuletTensor
import Foundation

extension Interpreter {
    /// The file path a command names: its subject word or its first positional argument.
    func pathArgument(_ command: Command, purpose: String, skipSubject: Bool = false)
        throws(Diagnostic) -> (path: String, range: SourceRange)
    {
        if !skipSubject, let subject = command.subject, let range = command.subjectRange {
            return (subject, range)
        }
        for argument in command.arguments where argument.name == nil {
            let value = try evaluate(argument.value)
            return (value.description, argument.value.range)
        }
        throw Diagnostic(
            .missingArgument, "\(command.verb.rawValue) needs a file name",
            range: command.verbRange,
            suggestion: purpose)
    }

    func write(_ text: String, to path: String, range: SourceRange) throws(Diagnostic) {
        try FileWriter.write(text, to: environment.resolve(path), shownAs: path, range: range)
    }

    /// `save FILE.amu`: the session's successful cells as a replayable script.
    ///
    /// The script starts from the session's start, not the last `reset`: it sets the seed the
    /// session started with, then holds every cell that succeeded, resets and `set` cells
    /// included, so replaying it gives the same numbers. Cells that only `save` are left out
    /// (replaying them would overwrite the file being run). The header names the cells held.
    func save(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        let (path, range) = try pathArgument(command, purpose: "such as 'save session.amu'")
        let kept = session.history.filter { !Interpreter.onlySaves($0.source) }
        let numbers = kept.map(\.number)
        let held = numbers.isEmpty ? "no cells" : "cells " + Interpreter.compactRanges(numbers)
        let start = session.startSettings
        var script =
            "# Amulet session: \(held) (\(kept.count) of the \(session.history.count) that "
            + "succeeded; 'save' cells left out)\n"
            + "# replay with: amulet \(path)\n"
            + "set seed=\(start.seed)\n"
        for cell in kept { script += "# [\(cell.number)]\n\(cell.source)\n" }
        try write(script, to: path, range: range)
        context.outputs.append(
            .note(
                "saved \(kept.count) " + (kept.count == 1 ? "cell" : "cells")
                    + " (\(held)) to \(path)"))
    }

    /// Whether a cell's source is nothing but `save` commands.
    static func onlySaves(_ source: String) -> Bool {
        let (program, errors) = Parser.parse(source: source)
        guard errors.isEmpty, !program.statements.isEmpty else { return false }
        return program.statements.allSatisfy {
            if case .command(let command) = $0 { command.verb == .save } else { false }
        }
    }

    /// Ascending numbers as runs: `1–3, 5, 7–9`.
    static func compactRanges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < numbers.count {
            var end = index
            while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
            parts.append(
                end == index ? "\(numbers[index])" : "\(numbers[index])–\(numbers[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }

    /// `export FILE.csv|json`: the result ledger.
    func export(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        if command.subject == Interpreter.exportModelWord {
            try exportModel(command, context: &context)
            return
        }
        if let name = command.subject, environment.catalog.exportOwner(name) != nil {
            try exportArtifact(name, command, context: &context)
            return
        }
        let (path, range) = try pathArgument(
            command, purpose: "such as 'export results.csv' or 'export results.json'")
        let text = try rendering(
            path, range: range, verb: "export",
            writers: [
                ([".csv"], { CSVRenderer().render(ledger: session.ledger) }),
                ([".json"], { JSONRenderer().render(ledger: session.ledger) }),
            ])
        try write(text, to: path, range: range)
        context.outputs.append(.note("exported \(session.ledger.rows.count) result(s) to \(path)"))
    }

    /// `import "FILE.amu"`: runs a script's statements in this session and cell.
    mutating func importFile(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        let (path, range) = try pathArgument(
            command, purpose: "such as 'import \"stdlib/prelude.amu\"'")
        let resolved = importPath(path, context: context)
        if context.importStack.contains(resolved) {
            throw Diagnostic(.runtime, "'\(path)' imports itself (import cycle)", range: range)
        }
        let files = context.importStack.filter { !$0.hasPrefix(Interpreter.defFrameMarker) }
        if files.count > Interpreter.maximumImportDepth
            || context.depth >= Interpreter.maximumExecutionDepth
        {
            throw Diagnostic(
                .nestedTooDeeply,
                "imports nested too deeply: more than \(Interpreter.maximumImportDepth) files "
                    + "import one another in a chain (\(Self.chainText(files + [resolved])))",
                range: range,
                suggestion: "import the files one after another instead of each "
                    + "importing the next")
        }
        let source = try SourceFileReader.text(atPath: resolved, shownAs: path, range: range)
        context.sources[path] = source
        var digest = SHA256()
        Array(source.utf8).withUnsafeBytes { digest.combine(bytes: $0) }
        session.recordDependency("import \(path) sha256=\(digest.finalizedHex())")
        let (program, diagnostics) = Parser.parse(source: source, file: path)
        if let first = diagnostics.first { throw first }
        context.importStack.append(resolved)
        context.importLedgers.append(session.ledger)
        defer {
            context.importStack.removeLast()
            context.importLedgers.removeLast()
        }
        try execute(program.statements, program: program, context: &context)
    }

    /// How many files deep imports may nest: each level recurses through `execute`, so a long
    /// chain must stop with a diagnostic long before the stack runs out (as nesting does).
    static let maximumImportDepth = 64

    /// What a def call pushes on the import stack in front of its name, to tell it from a file.
    static let defFrameMarker = "def "

    /// An import chain for a diagnostic: file names joined by arrows, the middle elided.
    static func chainText(_ paths: [String]) -> String {
        let names = paths.map { URL(fileURLWithPath: $0).lastPathComponent }
        guard names.count > 6 else { return names.joined(separator: " → ") }
        return (names.prefix(3) + ["…"] + names.suffix(3)).joined(separator: " → ")
    }

    /// Where `import PATH` reads from.
    ///
    /// First relative to the importing file's folder (the working directory for typed
    /// cells), then to the standard library's folder; an absolute or `~/` path as it is. `stdlib/NAME` also finds NAME in the standard library, so the
    /// prelude imports from any folder. When no candidate exists, the first is returned, so
    /// the error names where the file was expected.
    func importPath(_ path: String, context: CellContext) -> String {
        if path.hasPrefix("/") || path.hasPrefix("~/") { return environment.resolve(path) }
        let importer = context.importStack.last { $0.hasPrefix("/") }
        let base =
            importer.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            ?? environment.currentDirectory
        var candidates = [URL(fileURLWithPath: base).appendingPathComponent(path).path]
        if importer != nil { candidates.append(environment.resolve(path)) }
        if let stdlib = environment.stdlibDirectory {
            let library = URL(fileURLWithPath: stdlib)
            candidates.append(library.appendingPathComponent(path).path)
            if path.hasPrefix("stdlib/") {
                candidates.append(
                    library.appendingPathComponent(String(path.dropFirst("stdlib/".count))).path)
            }
        }
        let manager = FileManager.default
        return candidates.first { manager.fileExists(atPath: $0) } ?? candidates[0]
    }

    /// `report [all] FILE.html|FILE.md`: the session as a report with a summary and charts;
    /// a Markdown report writes its charts as SVG files beside it.
    func report(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        let everyCell = command.subject == Interpreter.reportEveryCell
        let (path, range) = try pathArgument(
            command, purpose: "such as 'report session.html'", skipSubject: everyCell)
        let metadata = ReportMetadata(
            toolVersion: environment.toolVersion,
            date: ISO8601DateFormatter().string(from: Date()), seed: session.settings.seed,
            datasets: ReportMetadata.datasets(fromDependencies: session.dependencies),
            commandLine: environment.commandLine)
        let notebook = NotebookReport(
            cells: session.cells, ledger: session.ledger, includesEveryCell: everyCell,
            catalog: environment.catalog, metadata: metadata)
        var charts: [ReportFile] = []
        let text = try rendering(
            path, range: range, verb: "report",
            writers: [
                ([".html", ".htm"], { notebook.html() }),
                (
                    [".md"],
                    {
                        let markdown = notebook.markdown(
                            chartStem: URL(fileURLWithPath: path).deletingPathExtension()
                                .lastPathComponent)
                        charts = markdown.charts
                        return markdown.text
                    }
                ),
            ])
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        // Every target is checked before any is written: a read-only chart must not fail the
        // command after the report itself was replaced.
        for target in [path] + charts.map({ folder + $0.name }) {
            try FileWriter.checkTarget(environment.resolve(target), shownAs: target, range: range)
        }
        try write(text, to: path, range: range)
        for chart in charts {
            try write(chart.contents, to: folder + chart.name, range: range)
        }
        let shown = notebook.shownCells.count
        context.outputs.append(
            .note(
                "wrote a report of \(shown) " + (shown == 1 ? "cell" : "cells") + " to \(path)"
                    + (charts.isEmpty ? "" : " and \(charts.count) chart(s) beside it")))
    }

    /// The word after `report` that includes every cell: `report all FILE.html`.
    static let reportEveryCell = "all"

    /// The text of the first writer whose extension `path` has, or a diagnostic naming them.
    func rendering(
        _ path: String, range: SourceRange, verb: String,
        writers: [(extensions: [String], render: () -> String)]
    ) throws(Diagnostic) -> String {
        for writer in writers where writer.extensions.contains(where: { path.hasSuffix($0) }) {
            return writer.render()
        }
        let primary = writers.compactMap(\.extensions.first)
        throw Diagnostic(
            .badArgument,
            "\(verb) writes \(primary.joined(separator: " or ")) files, not '\(path)'",
            range: range, suggestion: "such as '\(verb) results\(primary.first ?? "")'")
    }
}
