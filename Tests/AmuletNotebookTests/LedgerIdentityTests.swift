import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

/// The ledger pools only repetitions of one experiment and keeps its reference column.
@Suite struct LedgerIdentityTests {
    static let accuracy = MetricID(
        "accuracy", risk: .utility, unit: .ratio, direction: .higherIsBetter, doc: "")

    func row(
        _ label: String, dataset: String = "adult", recipe: String? = nil, value: Double?,
        role: ModelRole = .current, seed: UInt64 = 0, repetition: Int? = nil, cell: Int = 1,
        flags: Set<MeasurementFlag> = [], note: String? = nil
    ) -> LedgerRow {
        LedgerRow(
            cell: cell, scenario: label, role: role, metric: Self.accuracy, value: value,
            dataset: dataset, datasetKey: dataset, recipe: recipe ?? label, seed: seed,
            repetition: repetition, flags: flags, note: note)
    }

    @Test func differentDatasetsWithOneLabelAreNeverAveraged() {
        var ledger = Ledger()
        ledger.record([row("mlp-m1", value: 0.84)])
        ledger.record([row("mlp-m1", dataset: "synthetic", value: 0.90)])
        let table = Comparison.pivot(ledger)
        #expect(table.columns == ["risk", "metric", "adult: mlp-m1", "synthetic: mlp-m1", "Δ"])
        #expect(table.rows[0][2] == .number(0.84, digits: 3))
        #expect(table.rows[0][3] == .number(0.90, digits: 3))
    }

    @Test func aLongerRunIsNotReplacedByAShorterOne() {
        var ledger = Ledger()
        ledger.record([row("mlp-m2 epochs=20", value: 0.85)])
        ledger.record([row("mlp-m2", value: 0.84)])
        #expect(ledger.count == 2)
        #expect(Comparison.columnLabels(ledger) == ["mlp-m2 epochs=20", "mlp-m2"])
    }

    @Test func sameLabelDifferentRecipesGetDistinctColumns() {
        var ledger = Ledger()
        ledger.record([row("mlp-m1+dropout", recipe: "dropout=0.1", value: 0.84)])
        ledger.record([row("mlp-m1+dropout", recipe: "dropout=0.5", value: 0.80)])
        #expect(Comparison.columnLabels(ledger) == ["mlp-m1+dropout", "mlp-m1+dropout #2"])
    }

    @Test func runsUnderTwoSeedsAreSeparateButRepetitionsPool() {
        var ledger = Ledger()
        ledger.record([row("mlp-m1", value: 0.84, seed: 1)])
        ledger.record([row("mlp-m1", value: 0.80, seed: 2)])
        #expect(Comparison.columnLabels(ledger) == ["mlp-m1 seed=1", "mlp-m1 seed=2"])
        var repeated = Ledger()
        for r in 0..<3 {
            repeated.record([
                row("mlp-m1", value: 0.80 + Double(r) / 100, seed: 10 + UInt64(r), repetition: r)
            ])
        }
        let table = Comparison.pivot(repeated)
        #expect(table.columns == ["risk", "metric", "mlp-m1"])
        guard case .interval(let mean, _, _) = table.rows[0][2] else {
            Issue.record("expected mean ± CI, got \(table.rows[0][2])")
            return
        }
        #expect(abs(mean - 0.81) < 1e-12)
    }

    @Test func theReferenceStaysFirstUntilABaselineIsNamed() {
        var ledger = Ledger()
        ledger.record([row("mlp-m1", value: 0.84)])
        ledger.record([
            row("mlp-m2", value: 0.85, role: .baseline, cell: 2),
            row("mlp-m2 + dp(eps=1)", value: 0.83, role: .defended, cell: 2),
        ])
        #expect(Comparison.pivot(ledger).columns[2] == "mlp-m1")
        let named = Comparison.pivot(ledger, baseline: "mlp-m2")
        #expect(named.columns[2] == "mlp-m2")
        #expect(named.notes.first == "Δ: difference of means from the baseline 'mlp-m2'.")
    }

    @Test func undefinedIsADashInTablesNullInJSONAndEmptyInCSV() throws {
        var ledger = Ledger()
        ledger.record([row("mlp-m1", value: nil, note: "undefined: nobody selected")])
        let table = Comparison.pivot(ledger)
        #expect(table.rows[0][2] == .undefined && table.rows[0][2].displayText == "–")
        #expect(table.notes.contains { $0.contains("undefined") && $0.contains("nobody selected") })
        let json = JSONRenderer().render(ledger: ledger)
        #expect(json.contains("\"value\":null"))
        let back = try JSONRenderer.decodeLedger(json)
        #expect(back == ledger)
        let csv = CSVRenderer().render(ledger: ledger)
        let header = csv.split(separator: "\n")[0].split(
            separator: ",", omittingEmptySubsequences: false)
        let fields = csv.split(separator: "\n")[1].split(
            separator: ",", omittingEmptySubsequences: false)
        let index = try #require(header.firstIndex(of: "value"))
        #expect(fields[index] == "")
    }

    @Test func rowsOfADegenerateModelAreMarked() {
        var ledger = Ledger()
        ledger.record([row("mlp-m1", value: 0.761, flags: [.degenerateModel])])
        let table = Comparison.pivot(ledger)
        #expect(table.rows[0][2].displayText == "0.761!")
        #expect(table.notes.contains { $0.hasPrefix("!:") })
        #expect(CSVRenderer().render(ledger: ledger).contains("degenerate-model"))
    }

    @Test func measuringAgainReplacesInPlaceAndKeepsTheReference() {
        var ledger = Ledger()
        ledger.record([row("mlp-m1", value: 0.84, role: .baseline)])
        ledger.record([row("mlp-m1 + dp(eps=1)", value: 0.83, role: .defended)])
        ledger.record([row("mlp-m1", value: 0.85, role: .baseline, cell: 3)])
        #expect(ledger.count == 2)
        #expect(Comparison.columnLabels(ledger) == ["mlp-m1", "mlp-m1 + dp(eps=1)"])
        #expect(ledger.rows[0].value == 0.85)
    }

    @Test func aDeltaIsJudgedByItsMetricsDirection() {
        let auc = MetricID(
            "mia.auc", risk: .membership, unit: .ratio, direction: .lowerIsBetter, doc: "")
        var ledger = Ledger()
        for (label, accuracy, leak) in [("mlp", 0.85, 0.62), ("mlp + dp", 0.80, 0.55)] {
            ledger.record([
                row(label, value: accuracy),
                LedgerRow(
                    cell: 1, scenario: label, role: .current, metric: auc, value: leak,
                    dataset: "adult", datasetKey: "adult", recipe: label),
            ])
        }
        let table = Comparison.pivot(ledger)
        // Accuracy fell (worse); AUC fell (better for the defender).
        guard case .judged(_, let accuracyBetter) = table.rows[0][4],
            case .judged(_, let aucBetter) = table.rows[1][4]
        else {
            Issue.record("expected judged deltas, got \(table.rows)")
            return
        }
        #expect(!accuracyBetter && aucBetter)
        let coloured = TerminalRenderer(useColor: true).render(table)
        #expect(coloured.contains("\u{1B}[31m−0.050") && coloured.contains("\u{1B}[32m−0.070"))
    }
}
