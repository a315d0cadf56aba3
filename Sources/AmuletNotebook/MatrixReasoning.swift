import AmuletRisks

/// The matrix's reasoning cell by cell, for the report under the heat map: the measured
/// change and verdict, the SoK's arrow, the factors' conjecture and the measured explanation.
///
/// One line per cell of the rows `compare matrix` and the heat map show
/// (`InteractionMatrix.rows`), each named by its row (`onion · backdoor p=1%`), with the
/// modality where the matrix shows it.
///
/// Reference: Duddu, Szyller & Asokan, IEEE S&P 2024, §4.4, Tables 2 and 3.
public enum MatrixReasoning {
    /// The table, or nil when the ledger holds no defended cell of a SoK risk.
    public static func table(_ rows: [LedgerRow], catalog: Catalog) -> Table? {
        let all = InteractionMatrix.cells(rows, catalog: catalog)
        let matrixRows = InteractionMatrix.rows(all.filter { $0.risk != .utility })
        let cells = matrixRows.flatMap(\.cells)
        guard !cells.isEmpty else { return nil }
        let labels = matrixRows.flatMap { row in row.cells.map { _ in row.label } }
        let showsModality = InteractionMatrix.showsModality(all)
        let explanations = MeasuredExplanation.explanations(
            cells: cells, rows: rows, measured: catalog.measuredFactors)
        let body: [[TableCell]] = zip(zip(cells, labels), explanations).map {
            item, explanation in
            let (cell, label) = item
            let ci = cell.halfWidth.map { " ± " + TableCell.format($0, digits: 3) } ?? ""
            let seen = cell.riskRises.map { $0 ? " ↑" : " ↓" } ?? ""
            let conjecture =
                cell.conjecture.map { "\($0.change.rawValue): \($0.reasoning)" }
                ?? "no Table 2 row"
            let measured =
                explanation.agreement == .notMeasured
                ? "factors not measured ('measure factors' beside the attacks)"
                : explanation.summary + " — "
                    + explanation.reasoning(riskName: cell.risk.rawValue)
            return [.text(label)] + (showsModality ? [.text(cell.modality)] : []) + [
                .text(cell.risk.rawValue),
                .text(InteractionMatrix.change(cell).displayText + ci + seen),
                .text(InteractionMatrix.verdictText(cell)),
                .text(cell.expected?.change.rawValue ?? ""), .text(conjecture), .text(measured),
            ]
        }
        return Table(
            title: "defense × risk, explained",
            columns: ["defense"] + (showsModality ? ["modality"] : [])
                + ["risk", "Δ", "verdict", "SoK", "conjecture", "measured factors"],
            rows: body,
            notes: [
                "Δ: as in the matrix, ± the half-width of its 95% CI; * Holm p < 0.05, ! a "
                    + "degenerate model, – undefined.",
                "conjecture: the SoK's §4.4 over its Table 2 arrows (declared, not measured).",
                MeasuredExplanation.tableNote,
            ])
    }
}
