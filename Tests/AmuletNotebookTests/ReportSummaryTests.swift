import AmuletNotebook
import AmuletRisks
import Testing

/// The report's summary: headline metrics, verdicts by direction, significance by Welch.
@Suite struct ReportSummaryTests {
    static let baseline = "mlp-m1"
    static let defended = "mlp-m1 + dp(eps=1)"

    static func row(
        _ scenario: String, _ metric: MetricID, _ value: Double?, subject: String? = nil,
        repetition: Int? = nil, cell: Int = 1
    ) -> LedgerRow {
        LedgerRow(
            cell: cell, scenario: scenario, role: scenario == baseline ? .baseline : .defended,
            metric: metric, subject: subject, value: value, dataset: "adult", datasetKey: "adult",
            recipe: scenario, repetition: repetition)
    }

    static var singleRunLedger: Ledger {
        Ledger(rows: [
            row(baseline, AccuracyMetric.testAccuracy, 0.85),
            row(baseline, MembershipMetrics.auc, 0.60, subject: "lira"),
            row(baseline, FairnessMetric.demographicParityDifference, 0.10, subject: "sex"),
            row(baseline, FairnessMetric.groupSelectionRate, 0.3, subject: "sex=Male"),
            row(defended, AccuracyMetric.testAccuracy, 0.80),
            row(defended, MembershipMetrics.auc, 0.52, subject: "lira"),
            row(defended, FairnessMetric.demographicParityDifference, 0.15, subject: "sex"),
            row(defended, FairnessMetric.groupSelectionRate, 0.2, subject: "sex=Male"),
            row(defended, PrivacyMetric.noiseMultiplier, 1.1),
        ])
    }

    @Test func verdictsFollowTheMetricDirectionNotTheSign() {
        let summary = ReportSummary(ledger: Self.singleRunLedger)
        #expect(summary.reference == Self.baseline)
        #expect(summary.experiments == [Self.defended])
        // Per-group rates and σ (neutral, privacy but not ε) are not headline metrics.
        #expect(
            summary.changes.map(\.metric) == [
                "accuracy", "mia.lira.auc", "fairness.sex.dp_difference",
            ])
        #expect(summary.changes.map(\.verdict) == [.worse, .better, .worse])
        #expect(abs(summary.changes[0].delta + 0.05) < 1e-12)
        #expect(abs(summary.changes[1].delta + 0.08) < 1e-12)
        #expect(summary.changes.allSatisfy { $0.significant == nil }, "one run each is untested")
        #expect(summary.wrongWay.map(\.metric) == ["accuracy", "fairness.sex.dp_difference"])
        let text = summary.sentences.joined(separator: "\n")
        #expect(text.contains("2 headline metrics moved the wrong way"))
        #expect(text.contains("Every model ran once, so no change is tested"))
        #expect(
            ReportSummary.describe(summary.changes[0])
                == "accuracy 0.850 → 0.800 (−0.050, worse, 1 run)")
    }

    @Test func repeatedRunsArePairedByRepetition() {
        var rows: [LedgerRow] = []
        // Each repetition loses exactly 0.05: paired differences with no spread, p = 0.
        for (i, value) in [0.84, 0.85, 0.86].enumerated() {
            rows.append(Self.row(Self.baseline, AccuracyMetric.testAccuracy, value, repetition: i))
        }
        for (i, value) in [0.79, 0.80, 0.81].enumerated() {
            rows.append(Self.row(Self.defended, AccuracyMetric.testAccuracy, value, repetition: i))
        }
        // AUC differences +0.01, −0.02, −0.01: t = −0.756 on 2 degrees of freedom,
        // scipy.stats.ttest_rel gives p = 0.5286, not significant.
        for (i, value) in [0.55, 0.60, 0.65].enumerated() {
            rows.append(
                Self.row(
                    Self.baseline, MembershipMetrics.auc, value, subject: "lira", repetition: i))
        }
        for (i, value) in [0.56, 0.58, 0.64].enumerated() {
            rows.append(
                Self.row(
                    Self.defended, MembershipMetrics.auc, value, subject: "lira", repetition: i))
        }
        let summary = ReportSummary(ledger: Ledger(rows: rows))
        #expect(summary.changes.map(\.significant) == [true, false])
        #expect(summary.changes.map(\.runs) == [3, 3])
        let table = summary.table
        #expect(table.rows[0][4].displayText == "−0.050*")
        if case .judged(_, let better) = table.rows[0][4] {
            #expect(!better)
        } else {
            Issue.record("a Δ of a directed metric is judged")
        }
        #expect(table.notes.contains("* significant at p < 0.05 (Welch's t-test)."))
    }

    @Test func oneModelOrNoneSaysSo() {
        #expect(
            ReportSummary(ledger: Ledger()).sentences == [
                "Nothing was measured, so there is nothing to summarise."
            ])
        let one = ReportSummary(
            ledger: Ledger(rows: [Self.row(Self.baseline, AccuracyMetric.testAccuracy, 0.8)]))
        #expect(one.changes.isEmpty)
        #expect(one.sentences.first?.contains("Only one model") == true)
    }

    @Test func deltaChartHasOneBarPerHeadlineChange() {
        let chart = ReportSummary(ledger: Self.singleRunLedger).deltaChart(for: Self.defended)
        #expect(chart.entries.map(\.verdict) == [.worse, .better, .worse])
        #expect(chart.svg().contains("class=\"chart delta-bar-chart\""))
    }
}
