/// Builds the tables `compare` shows from the result ledger; pure functions of the ledger.
///
/// Columns are experiments (`MetricSamples`): rows of different datasets or recipes are never
/// pooled, only the repetitions of `repeat` are. The reference for every Δ is the first
/// experiment in the ledger unless a baseline is named, so it does not move as rows arrive.
/// Several values show as mean ± 95% CI (Student t) and Δ is tested with Welch's t-test; a
/// significant Δ (p < 0.05) carries a `*`.
public enum Comparison {
    /// The column labels `pivot` would show, reference first by default.
    public static func columnLabels(_ ledger: Ledger) -> [String] {
        MetricSamples(ledger.rows).columns.map(\.label)
    }

    /// Pivots the ledger into metrics × experiments with a Δ column after each non-reference one.
    ///
    /// - Parameters:
    ///   - ledger: The rows to pivot.
    ///   - baseline: The label of the reference column; nil for the first experiment.
    ///   - digits: Decimals shown for values and differences.
    /// - Returns: The pivot, with footnotes explaining Δ, intervals, `*`, `–` and `!`.
    public static func pivot(_ ledger: Ledger, baseline: String? = nil, digits: Int = 3) -> Table {
        let samples = MetricSamples(ledger.rows)
        var columns = samples.columns
        guard !columns.isEmpty else { return Table(columns: ["risk", "metric"]) }
        if let baseline, let index = columns.firstIndex(where: { $0.label == baseline }) {
            columns.insert(columns.remove(at: index), at: 0)
        }
        let reference = columns[0]
        let others = columns.dropFirst()
        var header = ["risk", "metric", reference.label]
        for column in others { header += [column.label, "Δ"] }
        let rows = samples.metrics.map { metric in
            let base = samples.samples(reference, metric)
            var row: [TableCell] = [
                .text(metric.risk), .text(metric.metric),
                MetricSamples.summary(base, digits: metric.digits(digits)),
            ]
            for column in others {
                let sample = samples.samples(column, metric)
                row.append(MetricSamples.summary(sample, digits: metric.digits(digits)))
                row.append(
                    MetricSamples.delta(
                        sample, from: base, digits: metric.digits(digits),
                        direction: metric.direction))
            }
            return row
        }
        let notes = footnotes(
            rows: rows, reference: others.isEmpty ? nil : reference.label,
            undefined: samples.undefinedNotes)
        return Table(columns: header, rows: rows, notes: notes)
    }

    /// Lists the metrics one cell produced, one row per (experiment, risk, metric).
    ///
    /// Columns `scenario`, `risk`, `metric`, `value`, and `Δ` against the cell's baseline model
    /// when the cell evaluated a baseline and a defended model. Baseline rows come first.
    /// - Parameters:
    ///   - ledger: The session's ledger.
    ///   - cell: The cell whose rows to show.
    ///   - digits: Decimals shown for values and differences.
    /// - Returns: The cell's metrics, titled `cell N`; no rows when the cell added none.
    public static func latest(_ ledger: Ledger, cell: Int, digits: Int = 3) -> Table {
        latest(rows: ledger.rows(inCell: cell), cell: cell, digits: digits)
    }

    /// Lists `rows` (what one command recorded) as `latest(_:cell:digits:)` lists a cell.
    public static func latest(rows: [LedgerRow], cell: Int, digits: Int = 3) -> Table {
        let samples = MetricSamples(rows)
        var columns = samples.columns
        if let index = columns.firstIndex(where: { $0.role == .baseline }) {
            columns.insert(columns.remove(at: index), at: 0)
        }
        let reference = columns.first { $0.role == .baseline }
        let showsDelta = reference != nil && columns.count > 1
        var rows: [[TableCell]] = []
        for column in columns {
            for metric in samples.metrics {
                let sample = samples.samples(column, metric)
                guard !sample.isEmpty else { continue }
                var row: [TableCell] = [
                    .text(column.label), .text(metric.risk), .text(metric.metric),
                    MetricSamples.summary(sample, digits: metric.digits(digits)),
                ]
                if showsDelta, let reference {
                    row.append(
                        column.key == reference.key
                            ? .empty
                            : MetricSamples.delta(
                                sample, from: samples.samples(reference, metric),
                                digits: metric.digits(digits), direction: metric.direction))
                }
                rows.append(row)
            }
        }
        let header = ["scenario", "risk", "metric", "value"] + (showsDelta ? ["Δ"] : [])
        let notes = footnotes(
            rows: rows, reference: showsDelta ? reference?.label : nil,
            undefined: samples.undefinedNotes)
        return Table(title: "cell \(cell)", columns: header, rows: rows, notes: notes)
    }

    /// Explains Δ, the intervals, the significance marker, `–` and `!`, for whichever the rows use.
    private static func footnotes(rows: [[TableCell]], reference: String?, undefined: [String])
        -> [String]
    {
        let cells = rows.joined()
        var notes: [String] = []
        if let reference {
            notes.append("Δ: difference of means from the baseline '\(reference)'.")
        }
        if cells.contains(where: { if case .interval = $0.unflagged { true } else { false } }) {
            notes.append("mean ± half-width of the 95% confidence interval (Student t).")
        }
        let tested = cells.contains { cell in
            if case .delta(_, _, significant: .some) = cell.unflagged { true } else { false }
        }
        if tested {
            notes.append("* significant at p < 0.05 (Welch's t-test).")
        }
        if cells.contains(where: { $0.unflagged == .undefined }) {
            let why = undefined.isEmpty ? "" : " (" + undefined.joined(separator: "; ") + ")"
            notes.append("–: undefined, no value exists\(why).")
        }
        if cells.contains(where: { if case .flagged = $0 { true } else { false } }) {
            notes.append(
                "!: measured on a near-constant model (it predicts one class); the number "
                    + "describes a model that learned nothing.")
        }
        return notes
    }
}
