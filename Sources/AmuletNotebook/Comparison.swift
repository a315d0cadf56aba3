/// Builds the tables `compare` shows from the result ledger; pure functions of the ledger.
///
/// The reference for every Δ is the baseline scenario: the first scenario with a row of role
/// `baseline`, else the first scenario seen. When a scenario's metric has several values
/// (repetitions of `repeat N` or several runs), the cell shows mean ± 95% CI (Student t) and
/// Δ is tested with Welch's t-test; a significant Δ (p < 0.05) carries a `*`.
public enum Comparison {
    /// Pivots the ledger into metrics × scenarios with a Δ column after each non-baseline one.
    ///
    /// One row per (risk, metric) in first-seen order; columns `risk`, `metric`, the baseline
    /// scenario, then each other scenario in first-seen order followed by its `Δ`.
    /// - Parameters:
    ///   - ledger: The rows to pivot.
    ///   - digits: Decimals shown for values and differences.
    /// - Returns: The pivot, with footnotes explaining Δ, intervals and `*` where they occur.
    public static func pivot(_ ledger: Ledger, digits: Int = 3) -> Table {
        let samples = MetricSamples(ledger.rows)
        guard let reference = samples.reference else {
            return Table(columns: ["risk", "metric"])
        }
        var columns = ["risk", "metric", reference]
        for scenario in samples.others { columns += [scenario, "Δ"] }
        let rows = samples.metrics.map { metric in
            let base = samples.values(reference, metric)
            var row: [TableCell] = [
                .text(metric.risk), .text(metric.metric),
                MetricSamples.summary(base, digits: digits),
            ]
            for scenario in samples.others {
                let sample = samples.values(scenario, metric)
                row.append(MetricSamples.summary(sample, digits: digits))
                row.append(MetricSamples.delta(sample, from: base, digits: digits))
            }
            return row
        }
        let notes = footnotes(rows: rows, reference: samples.others.isEmpty ? nil : reference)
        return Table(columns: columns, rows: rows, notes: notes)
    }

    /// Lists the metrics one cell produced, one row per (scenario, risk, metric).
    ///
    /// Columns `scenario`, `risk`, `metric`, `value`, and `Δ` against the baseline when the
    /// cell has a baseline row and other scenarios. Baseline rows come first.
    /// - Parameters:
    ///   - ledger: The session's ledger.
    ///   - cell: The cell whose rows to show.
    ///   - digits: Decimals shown for values and differences.
    /// - Returns: The cell's metrics, titled `cell N`; no rows when the cell added none.
    public static func latest(_ ledger: Ledger, cell: Int, digits: Int = 3) -> Table {
        let samples = MetricSamples(ledger.rows(inCell: cell))
        let showsDelta = samples.hasBaselineRole && !samples.others.isEmpty
        var rows: [[TableCell]] = []
        for scenario in samples.scenarios {
            for metric in samples.metrics {
                let sample = samples.values(scenario, metric)
                guard !sample.isEmpty else { continue }
                var row: [TableCell] = [
                    .text(scenario), .text(metric.risk), .text(metric.metric),
                    MetricSamples.summary(sample, digits: digits),
                ]
                if showsDelta, let reference = samples.reference {
                    row.append(
                        scenario == reference
                            ? .empty
                            : MetricSamples.delta(
                                sample, from: samples.values(reference, metric), digits: digits))
                }
                rows.append(row)
            }
        }
        let columns = ["scenario", "risk", "metric", "value"] + (showsDelta ? ["Δ"] : [])
        let notes = footnotes(rows: rows, reference: showsDelta ? samples.reference : nil)
        return Table(title: "cell \(cell)", columns: columns, rows: rows, notes: notes)
    }

    /// Explains Δ, the intervals and the significance marker, for whichever the rows use.
    private static func footnotes(rows: [[TableCell]], reference: String?) -> [String] {
        let cells = rows.joined()
        var notes: [String] = []
        if let reference {
            notes.append("Δ: difference of means from the baseline '\(reference)'.")
        }
        if cells.contains(where: { if case .interval = $0 { true } else { false } }) {
            notes.append("mean ± half-width of the 95% confidence interval (Student t).")
        }
        let tested = cells.contains { cell in
            if case .delta(_, _, significant: .some) = cell { true } else { false }
        }
        if tested {
            notes.append("* significant at p < 0.05 (Welch's t-test).")
        }
        return notes
    }
}
