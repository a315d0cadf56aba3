import AmuletRisks
import AmuletTensor

/// Builds the tables `compare` shows from the result ledger; pure functions of the ledger.
///
/// Columns are experiments (`MetricSamples`): rows of different datasets or recipes are never
/// pooled, only the repetitions of `repeat` are. The reference for every Δ is the first
/// experiment in the ledger unless a baseline is named, so it does not move as rows arrive.
/// Several values show as mean ± 95% CI (Student t) and Δ is tested with `MeanDifferenceTest`
/// (paired over `repeat` repetitions, Welch's otherwise); a significant Δ (p < 0.05,
/// uncorrected for the many metrics a table shows) carries a `*`, and the footnote names the
/// test used.
public enum Comparison {
    /// The column labels `pivot` would show, reference first by default.
    public static func columnLabels(_ ledger: Ledger) -> [String] {
        MetricSamples(ledger.rows).columns.map(\.label)
    }

    /// Pivots the ledger into metrics × experiments with a Δ column after each non-reference one.
    ///
    /// Rows are grouped by risk, in the catalog's order of risks; the risk is named on the
    /// first row of its group only, so the groups read at a glance.
    /// - Parameters:
    ///   - ledger: The rows to pivot.
    ///   - baseline: The label of the reference column; nil for the first experiment.
    ///   - view: Which metrics to show; every metric but per-group values by default.
    ///   - digits: Decimals shown for values and differences.
    /// - Returns: The pivot, with footnotes explaining Δ, intervals, `*`, `–`, `!` and what
    ///   the view left out.
    public static func pivot(
        _ ledger: Ledger, baseline: String? = nil, view: ComparisonView = .all, digits: Int = 3
    ) -> Table {
        pivot(rows: ledger.rows, baseline: baseline, view: view, digits: digits)
    }

    /// Pivots `rows` as `pivot(_:baseline:view:digits:)` pivots a ledger.
    public static func pivot(
        rows ledgerRows: [LedgerRow], baseline: String? = nil, view: ComparisonView = .all,
        digits: Int = 3, title: String? = nil
    ) -> Table {
        let samples = MetricSamples(ledgerRows)
        var columns = samples.columns
        guard !columns.isEmpty else { return Table(title: title, columns: ["risk", "metric"]) }
        if let baseline, let index = columns.firstIndex(where: { $0.label == baseline }) {
            columns.insert(columns.remove(at: index), at: 0)
        }
        let reference = columns[0]
        let others = columns.dropFirst()
        var header = ["risk", "metric", reference.label]
        for column in others { header += [column.label, "Δ"] }
        let (metrics, hidden) = selected(samples.metrics, view: view)
        var rows: [[TableCell]] = []
        var tests: Set<MeanDifferenceTest.Kind> = []
        var previousRisk: String?
        for metric in metrics {
            let base = samples.samples(reference, metric)
            let digits = metric.digits(digits)
            var row: [TableCell] = [
                .text(metric.risk == previousRisk ? "" : metric.risk), .text(metric.metric),
                MetricSamples.summary(base, digits: digits, unit: metric.unit),
            ]
            previousRisk = metric.risk
            for column in others {
                let sample = samples.samples(column, metric)
                row.append(MetricSamples.summary(sample, digits: digits, unit: metric.unit))
                let delta = MetricSamples.delta(
                    sample, from: base, digits: digits, direction: metric.direction,
                    unit: metric.unit)
                row.append(delta.cell)
                if let kind = delta.test { tests.insert(kind) }
            }
            rows.append(row)
        }
        var notes = footnotes(
            rows: rows, reference: others.isEmpty ? nil : reference.label,
            undefined: samples.undefinedNotes, tests: tests)
        notes += hiddenNote(hidden, view: view)
        return Table(title: title, columns: header, rows: rows, notes: notes)
    }

    /// The metrics `view` shows, grouped by risk in first-seen order, and how many it hides
    /// of each scope.
    static func selected(_ metrics: [MetricSamples.MetricKey], view: ComparisonView)
        -> (shown: [MetricSamples.MetricKey], hidden: [MetricScope: Int])
    {
        let headlineRisks = Set(metrics.filter { $0.scope == .headline }.map(\.risk))
        // Risks in the catalog's order (utility first), so every table reads the same way.
        let order = Dictionary(
            uniqueKeysWithValues: Risk.allCases.enumerated().map { ($1.rawValue, $0) })
        var risks: [String] = []
        for metric in metrics where !risks.contains(metric.risk) { risks.append(metric.risk) }
        risks = risks.enumerated().sorted {
            (order[$0.element] ?? Int.max, $0.offset) < (order[$1.element] ?? Int.max, $1.offset)
        }.map(\.element)
        var shown: [MetricSamples.MetricKey] = []
        var hidden: [MetricScope: Int] = [:]
        for risk in risks {
            for metric in metrics where metric.risk == risk {
                if view.includes(
                    risk: metric.risk, name: metric.metric, scope: metric.scope,
                    headlineRisks: headlineRisks)
                {
                    shown.append(metric)
                } else {
                    hidden[metric.scope, default: 0] += 1
                }
            }
        }
        return (shown, hidden)
    }

    /// A footnote saying what the view left out and how to see it.
    static func hiddenNote(_ hidden: [MetricScope: Int], view: ComparisonView) -> [String] {
        var parts: [String] = []
        let details = (hidden[.detail] ?? 0) + (hidden[.headline] ?? 0)
        if details > 0, view == .summary {
            parts.append("\(details) more metric\(details == 1 ? "" : "s"): 'compare all'")
        }
        if let groups = hidden[.perGroup], groups > 0, view != .groups {
            parts.append(
                "\(groups) per-group value\(groups == 1 ? "" : "s"): 'compare groups'")
        }
        return parts.isEmpty ? [] : ["not shown: " + parts.joined(separator: "; ") + "."]
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
        let (metrics, hidden) = selected(samples.metrics, view: .all)
        var columns = samples.columns
        if let index = columns.firstIndex(where: { $0.role == .baseline }) {
            columns.insert(columns.remove(at: index), at: 0)
        }
        let reference = columns.first { $0.role == .baseline }
        let showsDelta = reference != nil && columns.count > 1
        var rows: [[TableCell]] = []
        var tests: Set<MeanDifferenceTest.Kind> = []
        for column in columns {
            for metric in metrics {
                let sample = samples.samples(column, metric)
                guard !sample.isEmpty else { continue }
                var row: [TableCell] = [
                    .text(column.label), .text(metric.risk), .text(metric.metric),
                    MetricSamples.summary(sample, digits: metric.digits(digits), unit: metric.unit),
                ]
                if showsDelta, let reference {
                    if column.key == reference.key {
                        row.append(.empty)
                    } else {
                        let delta = MetricSamples.delta(
                            sample, from: samples.samples(reference, metric),
                            digits: metric.digits(digits), direction: metric.direction,
                            unit: metric.unit)
                        row.append(delta.cell)
                        if let kind = delta.test { tests.insert(kind) }
                    }
                }
                rows.append(row)
            }
        }
        let header = ["scenario", "risk", "metric", "value"] + (showsDelta ? ["Δ"] : [])
        let notes =
            footnotes(
                rows: rows, reference: showsDelta ? reference?.label : nil,
                undefined: samples.undefinedNotes, tests: tests) + hiddenNote(hidden, view: .all)
        return Table(title: "cell \(cell)", columns: header, rows: rows, notes: notes)
    }

    /// Explains Δ, the intervals, the significance marker, `–` and `!`, for whichever the rows use.
    private static func footnotes(
        rows: [[TableCell]], reference: String?, undefined: [String],
        tests: Set<MeanDifferenceTest.Kind>
    ) -> [String] {
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
            let names = [MeanDifferenceTest.Kind.paired, .welch].filter(tests.contains).map(\.name)
            notes.append(
                "* significant at p < 0.05 (\(names.joined(separator: " over repetitions; "))"
                    + (names.count > 1 ? " where runs are not paired" : "")
                    + "; uncorrected for the many Δ shown).")
        }
        if cells.contains(where: { $0.unflagged == .undefined }) {
            let why = undefined.isEmpty ? "" : " (" + undefined.joined(separator: "; ") + ")"
            notes.append("–: undefined, no value exists\(why).")
        }
        if cells.contains(where: { if case .flagged = $0 { true } else { false } }) {
            notes.append(
                "!: measured on a near-constant model (it predicts one class), or resting on "
                    + "models the attack trained that are (shadows, populations, surrogates); "
                    + "the number describes a model that learned nothing.")
        }
        return notes
    }
}
