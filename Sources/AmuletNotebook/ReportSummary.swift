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
        /// Half-width of the 95% confidence interval of Δ, nil when untested.
        public var halfWidth: Double? = nil
        /// The metric's smallest effect of interest (`MetricID.smallestEffect`).
        public var smallestEffect: Double = 0

        /// What the change amounts to: better or worse when it has a side, is at least the
        /// smallest effect of interest and no test says it is noise; inconclusive otherwise.
        public var outcome: Outcome {
            guard verdict != .neutral, abs(delta) >= smallestEffect, significant != false else {
                return .inconclusive
            }
            return verdict == .better ? .better : .worse
        }

        /// The difference `value − reference`.
        public var delta: Double { value - reference }
    }

    /// How a change reads at a glance.
    public enum Outcome: String, Sendable, CaseIterable {
        /// It helps the defender.
        case better
        /// It hurts the defender.
        case worse
        /// No side, below the smallest effect of interest, or not significant.
        case inconclusive
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
        var effects: [String: Double] = [:]
        for row in ledger.rows { effects[row.metricName] = row.metric.smallestEffect }
        for column in samples.columns.dropFirst() {
            for metric in samples.metrics {
                let base = samples.samples(first, metric).compactMap(\.value)
                let values = samples.samples(column, metric).compactMap(\.value)
                guard !base.isEmpty, !values.isEmpty else { continue }
                let mean = Statistics.mean(values)
                let referenceMean = Statistics.mean(base)
                guard mean.isFinite, referenceMean.isFinite else { continue }
                let test = MetricSamples.test(
                    samples.samples(column, metric), from: samples.samples(first, metric))
                let effect = effects[metric.metric] ?? 0
                changes.append(
                    Change(
                        experiment: column.label, risk: metric.risk, metric: metric.metric,
                        reference: referenceMean, value: mean, runs: values.count,
                        verdict: DeltaVerdict(
                            difference: mean - referenceMean, direction: metric.direction,
                            shownDigits: 3),
                        significant: test?.isSignificant(at: 0.05),
                        halfWidth: test.map { $0.confidenceHalfWidth(level: 0.95) },
                        smallestEffect: effect))
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

    /// How a change's significance reads: `p < 0.05`, `not significant` or `1 run`.
    public static func significanceText(_ change: Change) -> String {
        switch change.significant {
        case .some(true): "p < 0.05"
        case .some(false): "not significant"
        case .none: "1 run"
        }
    }

    /// The summary in a few sentences: the reference and how the changes were tested, said
    /// once rather than after every metric; the per-scenario table says the rest.
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
            "Reference: '\(reference)'; \(experiments.count) "
                + (experiments.count == 1 ? "scenario" : "scenarios") + " compared with it."
        ]
        if !changes.isEmpty, changes.allSatisfy({ $0.significant == nil }) {
            lines.append(
                "Every model ran once, so no change is tested for significance; 'repeat N' "
                    + "gives confidence intervals and a test.")
        }
        let worse = changes.filter { $0.outcome == .worse }
        lines.append(
            worse.isEmpty
                ? "No headline metric moved the wrong way."
                : "\(worse.count) headline " + (worse.count == 1 ? "metric" : "metrics")
                    + " moved the wrong way (in red below).")
        return lines
    }

    /// One line per scenario: the headline metrics that got better, worse, or are
    /// inconclusive, each with its Δ.
    public var scenarioTable: Table {
        let rows: [[TableCell]] = experiments.map { experiment in
            let mine = changes.filter { $0.experiment == experiment }
            return [.text(experiment)]
                + Outcome.allCases.map { outcome in
                    let listed = mine.filter { $0.outcome == outcome }
                    guard !listed.isEmpty else { return TableCell.text("–") }
                    let text = TableCell.text(
                        listed.map {
                            "\($0.metric) \(TableCell.formatSigned($0.delta, digits: 3))"
                        }.joined(separator: "; "))
                    return outcome == .inconclusive
                        ? text : .judged(text, better: outcome == .better)
                }
        }
        return Table(
            title: "summary: what changed in each scenario",
            columns: ["scenario", "better", "worse", "inconclusive"], rows: rows,
            notes: [
                "Better or worse for the defender, by at least the metric's smallest effect of "
                    + "interest and not rejected by a test; inconclusive otherwise (no side, "
                    + "too small, or p ≥ 0.05)."
            ])
    }

    /// The changes of one scenario as a table, for the details under its summary line.
    public func table(for experiment: String) -> Table {
        var table = table
        table.title = "'\(experiment)' against '\(reference ?? "")'"
        let keep = changes.indices.filter { changes[$0].experiment == experiment }
        table.rows = keep.map { Array(table.rows[$0].dropFirst()) }
        table.columns = Array(table.columns.dropFirst())
        return table
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

    /// Δ bars of every experiment's headline metrics in one chart.
    ///
    /// Grouped by risk (each risk its own axis), one bar per metric and scenario, with 95% CI
    /// whiskers where repeats allow a test. With several scenarios each metric is a heading and its bars are
    /// labelled by the part of the scenario's label the scenarios do not share (`dp(eps=1)`),
    /// so the label column stays narrow enough for a phone.
    public var deltaChart: DeltaBarChart {
        let shared = experiments.count > 1 ? HeaderAbbreviator.sharedWords(experiments) : ""
        func short(_ label: String) -> String {
            let rest = String(label.dropFirst(shared.count))
            return rest.isEmpty ? label : rest
        }
        var risks: [String] = []
        var metrics: [String] = []
        for change in changes {
            if !risks.contains(change.risk) { risks.append(change.risk) }
            if !metrics.contains(change.metric) { metrics.append(change.metric) }
        }
        let ordered = changes.enumerated().sorted { a, b in
            let left = (
                risks.firstIndex(of: a.element.risk) ?? 0,
                metrics.firstIndex(of: a.element.metric) ?? 0, a.offset
            )
            let right = (
                risks.firstIndex(of: b.element.risk) ?? 0,
                metrics.firstIndex(of: b.element.metric) ?? 0, b.offset
            )
            return left < right
        }.map(\.element)
        return DeltaBarChart(
            title: "Δ of the headline metrics against '\(reference ?? "")'",
            entries: ordered.map {
                var entry = DeltaBarChart.Entry(
                    label: experiments.count > 1 ? short($0.experiment) : $0.metric,
                    delta: $0.delta, verdict: $0.verdict, significant: $0.significant,
                    group: $0.risk, halfWidth: $0.halfWidth)
                if experiments.count > 1 { entry.subgroup = $0.metric }
                return entry
            })
    }

    /// Δ bars of one experiment's headline metrics, grouped by risk, with 95% CI whiskers
    /// where repeats allow a test.
    public func deltaChart(for experiment: String) -> DeltaBarChart {
        DeltaBarChart(
            title: "Δ of the headline metrics",
            entries: changes.filter { $0.experiment == experiment }.map {
                DeltaBarChart.Entry(
                    label: $0.metric, delta: $0.delta, verdict: $0.verdict,
                    significant: $0.significant, group: $0.risk, halfWidth: $0.halfWidth)
            })
    }
}
