import AmuletNotebook
import AmuletRisks
import Testing

/// `compare`'s views, unit formatting and wrapping to the terminal's width.
@Suite struct ComparisonViewTests {
    static func row(
        _ scenario: String, _ role: ModelRole, _ metric: MetricID, _ value: Double,
        subject: String? = nil
    ) -> LedgerRow {
        LedgerRow(
            cell: 1, scenario: scenario, role: role, metric: metric, subject: subject,
            value: value, dataset: "adult", datasetKey: "adult", recipe: scenario)
    }

    static let accuracy = MetricID(
        "accuracy", risk: .utility, unit: .ratio, direction: .higherIsBetter, scope: .headline,
        doc: "")
    static let auc = MetricID(
        "mia.auc", risk: .membership, unit: .ratio, direction: .lowerIsBetter, scope: .headline,
        doc: "")
    static let balanced = MetricID(
        "mia.balanced_accuracy", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        doc: "")
    static let rate = MetricID(
        "fairness.selection_rate", risk: .fairness, unit: .ratio, direction: .neutral,
        scope: .perGroup, doc: "")
    static let pRule = MetricID(
        "fairness.p_rule", risk: .fairness, unit: .percent, direction: .higherIsBetter, doc: "")

    static var ledger: Ledger {
        var ledger = Ledger()
        for (label, role, shift) in [("mlp", ModelRole.baseline, 0.0), ("mlp + dp", .defended, 1)] {
            // Membership first, so the table must reorder risks (utility first).
            ledger.append(row(label, role, auc, 0.60 - 0.05 * shift, subject: "lira"))
            ledger.append(row(label, role, balanced, 0.55 - 0.02 * shift, subject: "lira"))
            ledger.append(row(label, role, accuracy, 0.85 - 0.02 * shift))
            ledger.append(row(label, role, rate, 0.30 - 0.1 * shift, subject: "sex=Female"))
            ledger.append(row(label, role, pRule, 60.673 - 10.7 * shift, subject: "sex"))
        }
        return ledger
    }

    func metrics(_ table: Table) -> [String] {
        table.rows.map { $0[1].displayText }
    }

    @Test func summaryShowsHeadlinesInRiskOrderAndSaysWhatItLeftOut() {
        let table = Comparison.pivot(Self.ledger, view: .summary)
        // Fairness has no headline metric here, so its detail (p-rule) stands in for it.
        #expect(metrics(table) == ["accuracy", "mia.lira.auc", "fairness.sex.p_rule"])
        #expect(table.rows.map { $0[0].displayText } == ["utility", "membership", "fairness"])
        #expect(
            table.notes.contains(
                "not shown: 1 more metric: 'compare all'; 1 per-group value: 'compare groups'."))
    }

    @Test func allGroupsRiskAndGlobViewsPickTheirMetrics() {
        #expect(
            metrics(Comparison.pivot(Self.ledger, view: .all)) == [
                "accuracy", "mia.lira.auc", "mia.lira.balanced_accuracy", "fairness.sex.p_rule",
            ])
        #expect(
            metrics(Comparison.pivot(Self.ledger, view: .groups)) == [
                "fairness.sex=Female.selection_rate"
            ])
        #expect(
            metrics(Comparison.pivot(Self.ledger, view: .risk("fairness"))) == [
                "fairness.sex=Female.selection_rate", "fairness.sex.p_rule",
            ])
        #expect(
            metrics(Comparison.pivot(Self.ledger, view: .metric("mia.*"))) == [
                "mia.lira.auc", "mia.lira.balanced_accuracy",
            ])
    }

    @Test func globMatchesStarsAndQuestionMarks() {
        #expect(ComparisonView.matches("mia.lira.auc", glob: "mia.*"))
        #expect(ComparisonView.matches("mia.lira.auc", glob: "*auc"))
        #expect(ComparisonView.matches("mia.lira.auc", glob: "mia.????.auc"))
        #expect(ComparisonView.matches("fairness.sex.dp_difference", glob: "*.sex.*"))
        #expect(!ComparisonView.matches("mia.lira.auc", glob: "mia.???.auc"))
        #expect(!ComparisonView.matches("accuracy", glob: "mia.*"))
        #expect(!ComparisonView.matches("accuracy", glob: "accuracy?"))
    }

    @Test func percentagesShowAPercentSignAndTheirChangeInPoints() {
        let table = Comparison.pivot(Self.ledger, view: .metric("*p_rule"))
        // 60.673 → 60.7%; 49.973 → 50.0%; Δ −10.7 percentage points.
        #expect(table.rows[0][2].displayText == "60.7%")
        #expect(table.rows[0][3].displayText == "50.0%")
        #expect(table.rows[0][4].displayText == "−10.7 pp")
    }

    @Test func smallDifferencesUseFixedNotation() {
        #expect(TableCell.formatSigned(0.000123, digits: 3) == "+0.000")
        #expect(TableCell.formatSigned(-0.000123, digits: 3) == "+0.000")
        #expect(TableCell.formatSigned(-0.0123, digits: 3) == "−0.012")
    }

    @Test func wideTablesWrapIntoBlocksThatFitAndKeepEachDeltaWithItsValue() {
        var ledger = Ledger()
        for eps in ["0.5", "1", "2", "4", "8", "16"] {
            let label = "mlp-m1 + dp(eps=\(eps))"
            ledger.append(Self.row(label, .defended, Self.accuracy, 0.8))
            ledger.append(Self.row(label, .defended, Self.auc, 0.51, subject: "lira"))
        }
        let table = Comparison.pivot(ledger, view: .all)
        let natural = TerminalRenderer().render(table)
        #expect(natural.split(separator: "\n").contains { $0.count > 100 })
        let text = TerminalRenderer(width: 100).render(table)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 })
        // Every scenario still appears, by the part of its label the others do not share
        // (issue 23: scenario labels shorten before anything is cut), each header line starts
        // with the keys, and a Δ header never begins a block.
        for eps in ["0.5", "1", "2", "4", "8", "16"] {
            #expect(text.contains("dp(eps=\(eps))"))
        }
        #expect(text.contains("Scenarios: each column's label follows 'mlp-m1 + '."))
        let headers = lines.filter { $0.hasPrefix("risk") }
        #expect(headers.count >= 2)
        for header in headers {
            let names = header.split(separator: " ", omittingEmptySubsequences: true)
            #expect(names[0] == "risk" && names[1] == "metric" && names[2] != "Δ")
            // The reference column repeats in every block, so each Δ has its base in view.
            #expect(header.contains("dp(eps=0.5)"))
        }
        // The footnotes appear once, after the last block.
        #expect(text.components(separatedBy: "Δ: difference").count == 2)
        #expect(lines.last?.hasPrefix("Scenarios: ") == true)
    }

    @Test func aKeyColumnTooWideForTheTerminalIsShortenedWithAnEllipsis() {
        let table = Table(
            columns: ["metric", "value"],
            rows: [[.text(String(repeating: "x", count: 60)), .number(0.5, digits: 3)]])
        let text = TerminalRenderer(width: 40).render(table)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 40 })
        #expect(text.contains("…"))
        #expect(text.contains("0.500"))
    }
}
