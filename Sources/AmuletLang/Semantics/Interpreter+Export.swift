import AmuletNotebook
import AmuletRisks

extension Interpreter {
    /// `export NAME FILE.csv`: an artifact a plug-in declares, one row per example.
    func exportArtifact(_ name: String, _ command: Command, context: inout CellContext)
        throws(Diagnostic)
    {
        let (path, range) = try pathArgument(
            command, purpose: "such as 'export \(name) \(name).csv'", skipSubject: true)
        guard path.hasSuffix(".csv") else {
            throw Diagnostic(
                .badArgument, "export \(name) writes a .csv file, not '\(path)'", range: range,
                suggestion: "such as 'export \(name) \(name).csv'")
        }
        let table: ExportTable
        do {
            table = try experiment.export(
                name, scenario: session.scenario, latest: session.artifacts)
        } catch {
            throw diagnostic(for: error, command: command)
        }
        let lines =
            [table.columns.map(CSVRenderer.field).joined(separator: ",")]
            + table.rows.map { $0.map(CSVRenderer.field).joined(separator: ",") }
        try write(lines.joined(separator: "\n") + "\n", to: path, range: range)
        context.outputs.append(.note("exported \(name) (\(table.rows.count) rows) to \(path)"))
    }
}
