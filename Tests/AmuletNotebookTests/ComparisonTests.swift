import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Testing

@Suite struct ComparisonTests {
    static let baseline = "mlp"
    static let defended = "mlp + dp(eps=1)"

    /// Adds one row per value, numbered as repetitions when there are several.
    static func rows(
        cell: Int = 1, scenario: String, role: ModelRole, risk: String = "utility",
        metric: String = "accuracy", values: [Double]
    ) -> [LedgerRow] {
        values.enumerated().map { index, value in
            LedgerRow(
                cell: cell, scenario: scenario, role: role, risk: risk, metric: metric,
                value: value, seed: 7, seconds: 0.5,
                repetition: values.count > 1 ? index : nil)
        }
    }

    /// Unpacks a delta cell, failing the test for any other kind.
    func delta(_ cell: TableCell, sourceLocation: SourceLocation = #_sourceLocation) -> (
        Double, Bool?
    )? {
        guard case .delta(let value, _, let significant) = cell.unflagged else {
            Issue.record("expected a delta, got \(cell)", sourceLocation: sourceLocation)
            return nil
        }
        return (value, significant)
    }

    @Test func pivotPlacesTheFirstExperimentFirstAndTakesDeltaAgainstIt() throws {
        var ledger = Ledger()
        ledger.append(
            contentsOf: Self.rows(scenario: Self.baseline, role: .baseline, values: [0.85]))
        ledger.append(
            contentsOf: Self.rows(scenario: Self.defended, role: .defended, values: [0.80]))
        ledger.append(
            contentsOf: Self.rows(
                scenario: Self.baseline, role: .baseline, risk: "privacy", metric: "mia.auc",
                values: [0.62]))
        ledger.append(
            contentsOf: Self.rows(
                scenario: Self.defended, role: .defended, risk: "privacy", metric: "mia.auc",
                values: [0.55]))
        let table = Comparison.pivot(ledger)
        #expect(table.columns == ["risk", "metric", Self.baseline, Self.defended, "Δ"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0][0] == .text("utility") && table.rows[0][1] == .text("accuracy"))
        #expect(table.rows[0][2] == .number(0.85, digits: 3))
        #expect(table.rows[0][3] == .number(0.80, digits: 3))
        let (accuracyDelta, accuracySignificance) = try #require(delta(table.rows[0][4]))
        expectClose(accuracyDelta, -0.05, tolerance: 1e-12)
        #expect(accuracySignificance == nil)
        #expect(table.rows[1][1] == .text("mia.auc"))
        let (aucDelta, _) = try #require(delta(table.rows[1][4]))
        expectClose(aucDelta, -0.07, tolerance: 1e-12)
    }

    @Test func withoutABaselineRoleTheFirstScenarioIsTheReference() {
        var ledger = Ledger()
        ledger.append(contentsOf: Self.rows(scenario: "a", role: .current, values: [0.9]))
        ledger.append(contentsOf: Self.rows(scenario: "b", role: .current, values: [0.7]))
        #expect(Comparison.pivot(ledger).columns == ["risk", "metric", "a", "b", "Δ"])
    }

    @Test func repetitionsShowMeanAndHandComputedConfidenceInterval() throws {
        var ledger = Ledger()
        ledger.append(
            contentsOf: Self.rows(
                scenario: Self.baseline, role: .baseline, values: [0.80, 0.82, 0.84]))
        let table = Comparison.pivot(ledger)
        // mean 0.82, sd 0.02, t(0.975, 2) = 4.302652729749462 (scipy): half-width
        // t · 0.02 / √3 = 0.04968275423500651.
        guard case .interval(let mean, let halfWidth, 3) = table.rows[0][2] else {
            Issue.record("expected an interval, got \(table.rows[0][2])")
            return
        }
        expectClose(mean, 0.82, tolerance: 1e-12)
        expectClose(halfWidth, 0.04968275423500651, tolerance: 1e-9)
        #expect(table.rows[0][2].displayText == "0.820 ± 0.050")
    }

    @Test func clearlySeparatedRepetitionsMarkTheDeltaSignificant() throws {
        var ledger = Ledger()
        ledger.append(
            contentsOf: Self.rows(
                scenario: Self.baseline, role: .baseline, values: [0.80, 0.82, 0.84]))
        ledger.append(
            contentsOf: Self.rows(
                scenario: Self.defended, role: .defended, values: [0.70, 0.71, 0.72]))
        let table = Comparison.pivot(ledger)
        let (difference, significant) = try #require(delta(table.rows[0][4]))
        expectClose(difference, -0.11, tolerance: 1e-12)
        #expect(significant == true)
        #expect(table.rows[0][4].displayText == "−0.110*")
        // The runs of one repetition share their seed: the footnote names the paired test.
        #expect(table.notes.contains { $0.contains("paired t-test") && !$0.contains("Welch") })
    }

    @Test func overlappingRepetitionsLeaveTheDeltaNotSignificant() throws {
        var ledger = Ledger()
        ledger.append(
            contentsOf: Self.rows(
                scenario: Self.baseline, role: .baseline, values: [0.80, 0.82, 0.84]))
        ledger.append(
            contentsOf: Self.rows(
                scenario: Self.defended, role: .defended, values: [0.81, 0.83, 0.79]))
        let (_, significant) = try #require(delta(Comparison.pivot(ledger).rows[0][4]))
        #expect(significant == false)
    }

    @Test func latestListsOneCellWithDeltaAgainstItsBaseline() throws {
        var ledger = Ledger()
        ledger.append(
            contentsOf: Self.rows(cell: 1, scenario: "old", role: .current, values: [0.5]))
        ledger.append(
            contentsOf: Self.rows(cell: 2, scenario: Self.baseline, role: .baseline, values: [0.85])
        )
        ledger.append(
            contentsOf: Self.rows(cell: 2, scenario: Self.defended, role: .defended, values: [0.80])
        )
        let table = Comparison.latest(ledger, cell: 2)
        #expect(table.columns == ["scenario", "risk", "metric", "value", "Δ"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0][0] == .text(Self.baseline) && table.rows[0][4] == .empty)
        let (difference, _) = try #require(delta(table.rows[1][4]))
        expectClose(difference, -0.05, tolerance: 1e-12)
    }

    @Test func latestWithoutBaselineHasNoDeltaColumn() {
        var ledger = Ledger()
        ledger.append(
            contentsOf: Self.rows(cell: 4, scenario: "mlp", role: .current, values: [0.9]))
        let table = Comparison.latest(ledger, cell: 4)
        #expect(table.columns == ["scenario", "risk", "metric", "value"])
        #expect(
            table.rows == [
                [.text("mlp"), .text("utility"), .text("accuracy"), .number(0.9, digits: 3)]
            ])
    }

    @Test func emptyLedgerPivotsToAnEmptyTable() {
        let table = Comparison.pivot(Ledger())
        #expect(table.rows.isEmpty && table.columns == ["risk", "metric"])
    }
}
