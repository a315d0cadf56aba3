import AmuletRisks

/// Writes the session as a report to hand out: a summary first, then each cell with its
/// input, messages, tables and charts, as self-contained HTML or as Markdown with SVG files.
///
/// The summary (`ReportSummary`) says what changed against the reference, by how much,
/// whether it is significant, and which defenses moved which risks the wrong way, with Δ
/// bars per model and the privacy–utility frontier of a sweep. Cells that only looked at or
/// wrote out the session (help, show, save, reset …) are left out unless `includesEveryCell`.
/// Every table caption is unique in the report.
public struct NotebookReport: Sendable {
    /// The session's cells, in order.
    public var cells: [CellRecord]
    /// The session's ledger.
    public var ledger: Ledger
    /// Whether bookkeeping cells are included too (`report all`).
    public var includesEveryCell: Bool
    /// The catalog whose defenses declare the SoK's arrows, for the defense × risk heat map;
    /// nil for none.
    public var catalog: Catalog?
    /// How the report was made, shown first; nil for none.
    public var metadata: ReportMetadata?

    /// A report of `cells` and `ledger`.
    public init(
        cells: [CellRecord], ledger: Ledger, includesEveryCell: Bool = false,
        catalog: Catalog? = nil, metadata: ReportMetadata? = nil
    ) {
        self.cells = cells
        self.ledger = ledger
        self.catalog = catalog
        self.includesEveryCell = includesEveryCell
        self.metadata = metadata
    }

    /// The cells the report shows.
    public var shownCells: [CellRecord] {
        includesEveryCell ? cells : cells.filter { !$0.isBookkeeping }
    }

    /// The report's sections: the summary, then one per shown cell, then the comparison.
    func sections() -> [(id: String, heading: String, blocks: [ReportBlock])] {
        var captions = CaptionNamer()
        var chartCount = 0
        func chart(_ kind: String, _ title: String, _ svg: String) -> ReportBlock {
            chartCount += 1
            return .chart(name: "chart-\(chartCount)-\(kind)", title: title, svg: svg)
        }
        var sections: [(id: String, heading: String, blocks: [ReportBlock])] = []

        let summary = ReportSummary(ledger: ledger)
        var summaryBlocks: [ReportBlock] = metadata.map { [.metadata($0)] } ?? []
        summaryBlocks.append(.prose(summary.sentences))
        if !summary.changes.isEmpty {
            summaryBlocks.append(.table(captions.unique(summary.scenarioTable)))
            for experiment in summary.experiments {
                summaryBlocks.append(
                    .details(
                        summary: "details of '\(experiment)'",
                        blocks: [.table(captions.unique(summary.table(for: experiment)))]))
            }
            let bars = summary.deltaChart
            if !bars.entries.isEmpty {
                summaryBlocks.append(chart("delta", bars.title, bars.svg()))
            }
        }
        if let catalog {
            let heatMap = InteractionHeatMap(
                cells: InteractionMatrix.cells(ledger.rows, catalog: catalog))
            if !heatMap.defenses.isEmpty {
                summaryBlocks.append(chart("matrix", "defense × risk, measured", heatMap.svg()))
            }
            if let reasoning = MatrixReasoning.table(ledger.rows, catalog: catalog) {
                summaryBlocks.append(.table(captions.unique(reasoning)))
            }
        }
        if let frontier = ReportCharts.frontier(ledger: ledger) {
            summaryBlocks.append(chart("frontier", frontier.title, frontier.svg()))
        }
        let skipped = cells.count - shownCells.count
        if skipped > 0 {
            summaryBlocks.append(
                .notes([
                    "\(skipped) " + (skipped == 1 ? "cell" : "cells")
                        + " that only showed, saved or reset the session are left "
                        + "out; 'report all FILE' includes them."
                ]))
        }
        sections.append(("summary", "Summary", summaryBlocks))

        for cell in shownCells {
            var blocks: [ReportBlock] = [.input(cell.source)]
            for output in cell.outputs {
                if case .table(let table) = output {
                    blocks.append(.table(captions.unique(table)))
                } else {
                    ReportBlock.append(output, to: &blocks)
                }
            }
            if let roc = ReportCharts.roc(cell: cell) {
                blocks.append(chart("roc", roc.title, roc.svg()))
            }
            for grid in ReportCharts.images(cell: cell) {
                blocks.append(chart("images", grid.title, grid.svg()))
            }
            for front in ReportCharts.tunes(cell: cell) {
                blocks.append(chart("tune", front.title, front.svg()))
            }
            // Each attribute's first per-group metric is shown; the others (a fairness
            // measurement gives four per attribute) wait under one expandable line.
            var shownAttributes: Set<String> = []
            var more: [ReportBlock] = []
            for bars in ReportCharts.groupBars(
                rows: ledger.rows(inCell: cell.number), cell: cell.number)
            {
                let block = chart("groups", bars.title, bars.svg())
                if shownAttributes.insert(bars.attribute).inserted {
                    blocks.append(block)
                } else {
                    more.append(block)
                }
            }
            if !more.isEmpty {
                blocks.append(
                    .details(
                        summary: "\(more.count) more per-group "
                            + (more.count == 1 ? "chart" : "charts"), blocks: more))
            }
            sections.append(("cell-\(cell.number)", "[\(cell.number)]", blocks))
        }

        if !ledger.rows.isEmpty {
            var comparison = Comparison.pivot(ledger)
            comparison.title = comparison.title ?? "every metric of every experiment"
            sections.append(("comparison", "Comparison", [.table(captions.unique(comparison))]))
        }
        return sections
    }
}
