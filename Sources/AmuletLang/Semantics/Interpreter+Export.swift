import AmuletNotebook
import AmuletRisks
import Foundation

extension Interpreter {
    /// `export NAME FILE.csv`: an artifact a plug-in declares, one row per example; an image
    /// artifact (model inversion, a backdoor's triggered images, adversarial examples) also as
    /// `FILE.png` (one sheet: each example's views down a column) or `FILE.svg` (the report's
    /// figure).
    func exportArtifact(_ name: String, _ command: Command, context: inout CellContext)
        throws(Diagnostic)
    {
        let (path, range) = try pathArgument(
            command, purpose: "such as 'export \(name) \(name).csv'", skipSubject: true)
        let lowered = path.lowercased()
        let asImage = lowered.hasSuffix(".png") || lowered.hasSuffix(".svg")
        guard lowered.hasSuffix(".csv") || asImage else {
            throw Diagnostic(
                .badArgument, "export \(name) writes a .csv, .png or .svg file, not '\(path)'",
                range: range, suggestion: "such as 'export \(name) \(name).csv'")
        }
        let parts: [(role: ModelRole, artifact: Artifact)]
        do {
            parts = try experiment.artifacts(
                name, scenario: session.scenario, latest: session.artifacts)
        } catch {
            throw diagnostic(for: error, command: command)
        }
        if asImage {
            try exportImages(name, parts: parts, path: path, range: range, context: &context)
            return
        }
        let table = ExportTable.joining(parts)
        let lines =
            [table.columns.map(CSVRenderer.field).joined(separator: ",")]
            + table.rows.map { $0.map(CSVRenderer.field).joined(separator: ",") }
        try write(lines.joined(separator: "\n") + "\n", to: path, range: range)
        context.outputs.append(.note("exported \(name) (\(table.rows.count) rows) to \(path)"))
    }

    /// Writes the last role's image artifact (the defended model's, when there is one) as a
    /// PNG sheet or an SVG figure.
    private func exportImages(
        _ name: String, parts: [(role: ModelRole, artifact: Artifact)], path: String,
        range: SourceRange, context: inout CellContext
    ) throws(Diagnostic) {
        let grids = parts.compactMap { part -> (ModelRole, ImageGrid)? in
            if case .images(let grid) = part.artifact { return (part.role, grid) }
            return nil
        }
        guard let (role, grid) = grids.last else {
            throw Diagnostic(
                .badArgument, "export \(name) has no images; write it as .csv", range: range,
                suggestion: "such as 'export \(name) \(name).csv'")
        }
        if path.lowercased().hasSuffix(".svg") {
            let chart = ImageGridChart(
                title: "\(grid.title), \(role.rawValue)",
                grid: grid)
            try write(chart.svg() + "\n", to: path, range: range)
        } else {
            guard let png = ImageGridChart.sheet(grid) else {
                throw Diagnostic(
                    .badArgument, "export \(name): these images cannot be written as PNG",
                    range: range, suggestion: "write them as .svg or .csv")
            }
            try FileWriter.write(
                data: Data(png), to: environment.resolve(path), shownAs: path, range: range)
        }
        context.outputs.append(
            .note(
                "exported \(name) (\(grid.items.count) examples of the \(role.rawValue) model) to \(path)"
            ))
    }
}
