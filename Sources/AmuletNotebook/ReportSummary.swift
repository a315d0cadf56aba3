import AmuletRisks
import AmuletTensor

/// What a report says first: how each model's headline metrics moved against the reference.
///
/// Headline metrics are test accuracy, membership AUC and TPR at 1% FPR, the demographic
/// parity and equalized odds gaps of each attribute (not of intersections or single groups),
/// ε, and every metric with a direction for the other risks. The reference is the first
/// experiment in the ledger, as in `compare`. Each change gets a verdict from the metric's
/// direction (`DeltaVerdict`) and, when both sides have two values or more (`repeat`),
/// Welch's t-test at 0.05; a single run each is reported as untested, never as significant.
///
/// Reference: Duddu, Szyller and Asokan, "SoK: Unintended Interactions among Machine Learning
/// Defenses and Risks", IEEE S&P 2024 (a defense can move other risks the wrong way).
public struct ReportSummary: Sendable, Equatable {
    /// One headline metric of one experiment against the reference.
    public struct Change: Sendable, Equatable {
        /// The experiment's label (its scenario, with its defenses).
        public var experiment: String
        /// The risk, such as `membership`.
        public var risk: String
        /// The metric's shown name, such as `mia.lira.auc`.
        public var metric: String
        /// The reference's mean.
        public var reference: Double
        /// This experiment's mean.
        public var value: Double
        /// Runs behind `value` (repetitions of `repeat`).
        public var runs: Int
        /// What the change means for the defender.
        public var verdict: DeltaVerdict
        /// Welch's verdict at 0.05, nil when either side has a single value.
        public var significant: Bool?

        /// The difference `value − reference`.
        public var delta: Double { value - reference }
    }

    /// The reference experiment's label, nil when the ledger has no experiment.
    public var reference: String?
    /// Labels of the experiments compared with the reference, in ledger order.
    public var experiments: [String]
    /// Every headline change, by experiment then metric in ledger order.
    public var changes: [Change]

    /// Summarises `ledger`.
    public init(ledger: Ledger) {
        let samples = MetricSamples(ledger.rows.filter(Self.isHeadline))
        guard let first = samples.columns.first else {
            reference = nil
            experiments = []
            changes = []
            return
        }
        reference = first.label
        experiments = samples.columns.dropFirst().map(\.label)
        var changes: [Change] = []
        for column in samples.columns.dropFirst() {
            for metric in samples.metrics {
                let base = samples.samples(first, metric).compactMap(\.value)
                let values = samples.samples(column, metric).compactMap(\.value)
                guard !base.isEmpty, !values.isEmpty else { continue }
                let mean = Statistics.mean(values)
                let referenceMean = Statistics.mean(base)
                guard mean.isFinite, referenceMean.isFinite else { continue }
                changes.append(
                    Change(
                        experiment: column.label, risk: metric.risk, metric: metric.metric,
                        reference: referenceMean, value: mean, runs: values.count,
                        verdict: DeltaVerdict(
                            difference: mean - referenceMean, direction: metric.direction,
                            shownDigits: 3),
                        significant: MetricSamples.test(
                            samples.samples(column, metric), from: samples.samples(first, metric)
                        )?.isSignificant(at: 0.05)))
            }
        }
        self.changes = changes
    }

    /// Whether a row is a headline metric: its declaration says so (`MetricScope.headline`),
    /// the one list `compare` reads too; intersectional subjects (`race×sex`) stay out of the
    /// summary.
    public static func isHeadline(_ row: LedgerRow) -> Bool {
        row.metric.scope == .headline && !(row.subject ?? "").contains("×")
    }

    /// The changes that hurt the defender.
    public var wrongWay: [Change] { changes.filter { $0.verdict == .worse } }

    /// How a change's significance reads: `p < 0.05`, `not significant` or `one run, untested`.
    public static func significanceText(_ change: Change) -> String {
        switch change.significant {
        case .some(true): "p < 0.05"
        case .some(false): "not significant"
        case .none: "single run, untested"
        }
    }

    /// The summary in sentences: the reference, the largest change, what moved the wrong way.
    public var sentences: [String] {
        guard let reference else {
            return ["Nothing was measured, so there is nothing to summarise."]
        }
        guard !experiments.isEmpty else {
            return [
                "Only one model was measured ('\(reference)'): there is no change to report."
            ]
        }
        var lines = [
            "Reference: '\(reference)'; compared: "
                + experiments.map { "'\($0)'" }.joined(separator: ", ") + "."
        ]
        if let largest = changes.max(by: { abs($0.delta) < abs($1.delta) }) {
            lines.append("Largest change: " + Self.describe(largest) + ".")
        }
        let worse = wrongWay
        if worse.isEmpty {
            lines.append("No headline metric moved the wrong way.")
        } else {
            for experiment in experiments {
                let moved = worse.filter { $0.experiment == experiment }
                guard !moved.isEmpty else { continue }
                lines.append(
                    "'\(experiment)' moved \(moved.count) headline "
                        + (moved.count == 1 ? "metric" : "metrics") + " the wrong way: "
                        + moved.map(Self.describe).joined(separator: "; ") + ".")
            }
        }
        return lines
    }

    /// `metric a → b (Δ, verdict, significance)`.
    public static func describe(_ change: Change) -> String {
        let digits = 3
        return "\(change.metric) \(TableCell.format(change.reference, digits: digits)) → "
            + "\(TableCell.format(change.value, digits: digits)) "
            + "(\(TableCell.formatSigned(change.delta, digits: digits)), \(change.verdict.rawValue), "
            + "\(significanceText(change)))"
    }

    /// The changes as a table: experiment, metric, reference, value, Δ (judged), verdict, test.
    public var table: Table {
        let rows: [[TableCell]] = changes.map { change in
            let delta = TableCell.delta(change.delta, digits: 3, significant: change.significant)
            let judged: TableCell =
                change.verdict == .neutral
                ? delta : .judged(delta, better: change.verdict == .better)
            return [
                .text(change.experiment), .text(change.metric),
                .number(change.reference, digits: 3), .number(change.value, digits: 3), judged,
                .text(change.verdict.rawValue), .text(Self.significanceText(change)),
            ]
        }
        var notes: [String] = []
        if let reference {
            notes.append("Δ: difference of means from the baseline '\(reference)'.")
        }
        if changes.contains(where: { $0.significant != nil }) {
            notes.append("* significant at p < 0.05 (Welch's t-test).")
        }
        return Table(
            title: "summary: headline metrics against the reference",
            columns: ["scenario", "metric", "reference", "value", "Δ", "verdict", "test"],
            rows: rows, notes: notes)
    }

    /// Δ bars of one experiment's headline metrics.
    public func deltaChart(for experiment: String) -> DeltaBarChart {
        DeltaBarChart(
            title: "Δ of the headline metrics",
            entries: changes.filter { $0.experiment == experiment }.map {
                DeltaBarChart.Entry(
                    label: $0.metric, delta: $0.delta, verdict: $0.verdict,
                    significant: $0.significant)
            })
    }
}
