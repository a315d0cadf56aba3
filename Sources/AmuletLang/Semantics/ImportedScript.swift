/// The file an `import` names, read and parsed ahead of its run, for the whole-script check
/// and the planner (`--dry-run`) to walk what the import will run.
///
/// Imports are resolved at check time, as the run resolves them (`Interpreter.importPath`):
/// a missing file or a syntax error in it stops a script before its first cell trains, and
/// the defs it declares are known to the cells after it.
struct ImportedScript {
    /// The path as written after `import`.
    var path: String
    /// The absolute path it resolved to.
    var resolved: String
    /// The file's text.
    var source: String
    /// The parsed file.
    var program: Program

    /// Reads the file `command` imports from a file whose chain of importers is
    /// `importStack` (absolute paths, innermost last); nil for an import cycle or a chain
    /// too deep, which the run reports with its own message.
    static func read(
        _ command: Command, interpreter: Interpreter, importStack: [String]
    ) throws(Diagnostic) -> ImportedScript? {
        let (path, range) = try interpreter.pathArgument(
            command, purpose: "such as 'import \"stdlib/prelude.amu\"'")
        var context = CellContext(cell: interpreter.session.nextCell)
        context.importStack = importStack
        let resolved = interpreter.importPath(path, context: context)
        guard !importStack.contains(resolved),
            importStack.count <= Interpreter.maximumImportDepth
        else { return nil }
        let source = try SourceFileReader.text(atPath: resolved, shownAs: path, range: range)
        let (program, diagnostics) = Parser.parse(source: source, file: path)
        if let first = diagnostics.first { throw first }
        return ImportedScript(path: path, resolved: resolved, source: source, program: program)
    }
}
