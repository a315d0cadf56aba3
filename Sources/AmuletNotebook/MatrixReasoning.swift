import AmuletRisks

/// The matrix's reasoning cell by cell, for the report under the heat map: the measured
/// change and verdict, the SoK's arrow, the factors' conjecture and the measured explanation.
///
/// Reference: Duddu, Szyller & Asokan, IEEE S&P 2024, §4.4, Tables 2 and 3.
public enum MatrixReasoning {
    /// The table, or nil when the ledger holds no defended cell of a SoK risk.
    public static func table(_ rows: [LedgerRow], catalog: Catalog) -> Table? {
        let cells = InteractionMatrix.cells(rows, catalog: catalog).filter { $0.risk != .utility }
        guard !cells.isEmpty else { return nil }
        let explanations = MeasuredExplanation.explanations(
            cells: cells, rows: rows, measured: catalog.measuredFactors)
        let body: [[TableCell]] = zip(cells, explanations).map { cell, explanation in
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
            return [
                .text(cell.defense), .text(cell.risk.rawValue),
                .text(TableCell.formatSigned(cell.delta, digits: 3) + ci + seen),
                .text(InteractionMatrix.verdictText(cell)),
                .text(cell.expected?.change.rawValue ?? ""), .text(conjecture), .text(measured),
            ]
        }
        return Table(
            title: "defense × risk, explained",
            columns: ["defense", "risk", "Δ", "verdict", "SoK", "conjecture", "measured factors"],
            rows: body,
            notes: [
                "conjecture: the SoK's §4.4 over its Table 2 arrows (declared, not measured).",
                MeasuredExplanation.tableNote,
            ])
    }
}
