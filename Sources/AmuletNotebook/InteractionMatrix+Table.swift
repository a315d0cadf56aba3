import AmuletRisks
import AmuletTensor

extension InteractionMatrix {
    /// The matrix as a long table: one line per cell, the cells of each row (`rows(_:)`) in
    /// turn, so a row per defended recipe and risk, and per subject where a risk has them.
    public static func table(_ rows: [LedgerRow], catalog: Catalog) -> Table {
        let cells = Self.rows(cells(rows, catalog: catalog)).flatMap(\.cells)
        let explanations = MeasuredExplanation.explanations(
            cells: cells, rows: rows, measured: catalog.measuredFactors)
        let explained = explanations.contains { $0.agreement != .notMeasured }
        let showsModality = showsModality(cells)
        var body: [[TableCell]] = []
        var previous: String?
        for (cell, explanation) in zip(cells, explanations) {
            let change = change(cell)
            let measured = cell.riskRises.map { $0 ? "↑" : "↓" } ?? "="
            let sok =
                cell.expected.map { $0.change.rawValue + ($0.isTarget ? "†" : "") } ?? ""
            body.append([
                .text(cell.defense == previous ? "" : cell.defense), .text(cell.risk.rawValue),
                .text(cell.metric), change, cell.halfWidth.map { .number($0, digits: 3) } ?? .empty,
                cell.adjustedPValue.map { .number($0, digits: 3) } ?? .empty,
                .text(cell.risk == .utility ? "" : measured), .text(sok),
                .text(cell.conjecture?.change.rawValue ?? ""), .text(verdictText(cell)),
            ])
            if showsModality { body[body.count - 1].insert(.text(cell.modality), at: 1) }
            if explained { body[body.count - 1].append(.text(explanation.summary)) }
            previous = cell.defense
        }
        return Table(
            title: "defense × risk",
            columns: ["defense"] + (showsModality ? ["modality"] : [])
                + [
                    "risk", "metric", "Δ", "± 95% CI", "p (Holm)", "seen", "SoK", "factors",
                    "verdict",
                ] + (explained ? ["factors moved"] : []),
            rows: body,
            notes: cells.isEmpty
                ? [] : notes(cells) + (explained ? [MeasuredExplanation.tableNote] : []))
    }

    /// The verdict as shown: an inconclusive cell says how many runs would resolve it.
    public static func verdictText(_ cell: Cell) -> String {
        guard cell.verdict == .inconclusive else { return cell.verdict.rawValue }
        // No baseline value to compare with: Δ is undefined, whatever the runs.
        if !cell.delta.isFinite { return "inconclusive (no baseline)" }
        if cell.test == nil { return "inconclusive (one run)" }
        return cell.repetitionsNeeded.map { "inconclusive (≈\($0) runs)" } ?? "inconclusive"
    }

    /// The footnotes: the tests actually used, the correction, the thresholds, the verdicts.
    static func notes(_ cells: [Cell]) -> [String] {
        let used = Set(cells.compactMap(\.test))
        let kinds: [MeanDifferenceTest.Kind] = [.paired, .welch].filter { used.contains($0) }
        let tested = cells.filter { $0.test != nil }.count
        let interval = kinds.isEmpty ? "" : ", mean with the half-width of its 95% CI"
        var notes = ["Δ: defended − baseline of the risk's headline metric" + interval + "."]
        if !kinds.isEmpty {
            let names: [String] = kinds.map(\.name)
            var tests = names.joined(separator: " (paired runs) and ")
            if names.count > 1 { tests += " (unpaired runs)" }
            let family = "Holm-adjusted across the \(tested) tested cells (family-wise α = 0.05)"
            notes.append("p: \(tests), \(family); * below 0.05.")
        }
        var thresholds: [String] = []
        for cell in cells {
            let text = "\(cell.metric) \(TableCell.format(cell.threshold, digits: 3))"
            if !thresholds.contains(text) { thresholds.append(text) }
        }
        notes.append(
            "verdict: confirms/contradicts the SoK (or new) when p < 0.05 and |Δ| ≥ the smallest "
                + "effect of interest (" + thresholds.joined(separator: ", ")
                + "); no interaction when equivalent within ± it (TOST, Holm-adjusted); else "
                + "inconclusive, with the runs a paired test needs for 80% power at the observed "
                + "spread.")
        notes.append(
            "seen/SoK: measured and expected change; ↑ the risk rises, ↓ it falls, ? unexplored, "
                + "† the defense's target (Duddu, Szyller & Asokan, IEEE S&P 2024).")
        if cells.contains(where: { $0.conjecture != nil }) {
            notes.append(
                "factors: the change the SoK's factors conjecture (§4.4 over Table 2: each factor "
                    + "the defense and the risk share votes ↑ when their arrows agree, ↓ when they "
                    + "differ; O1–O3 settle a tie); 'explain DEFENSE RISK' shows the reasoning.")
        }
        if cells.contains(where: \.flagged) {
            notes.append(
                "not measurable (!): a model behind the cell (the target, or shadows, populations "
                    + "or surrogates an attack trained) is near-constant; no verdict is drawn.")
        }
        if cells.contains(where: { !$0.delta.isFinite }) {
            notes.append("–: undefined, no defined baseline or defended value to compare.")
        }
        if cells.contains(where: { $0.test == nil }) {
            notes.append("one run gives no interval: use 'repeat N' for verdicts.")
        }
        return notes
    }
}
