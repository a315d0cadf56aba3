import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Testing

/// The matrix's measured explanation, against readings of the SoK's Table 2 worked out by hand.
@Suite struct MeasuredExplanationTests {
    /// Three repetitions of `metric` under `defense`, baseline and defended.
    func runs(_ metric: MetricID, _ values: [(Double, Double)], defense: String = "dp")
        -> [LedgerRow]
    {
        values.enumerated().flatMap { r, pair in
            InteractionMatrixTests.pair(
                metric, base: pair.0, defended: pair.1, repetition: r, defense: defense)
        }
    }

    /// dp × evasion where adversarial accuracy falls by about 0.1 (the risk rises, as the SoK
    /// expects), with O1 and O3 falling, O2.1 falling, D1 unchanged and M1 unchanged.
    func evasionLedger(boundary: [(Double, Double)]) -> [LedgerRow] {
        runs(InteractionMatrixTests.adversarial, [(0.50, 0.40), (0.52, 0.41), (0.48, 0.39)])
            + runs(FactorsMetric.trainingRows, [(1000, 1000), (1000, 1000), (1000, 1000)])
            + runs(FactorsMetric.hessianTrace, [(5.0, 2.0), (5.5, 2.1), (4.8, 1.9)])
            + runs(FactorsMetric.lossAUC, [(0.56, 0.50), (0.57, 0.51), (0.55, 0.50)])
            + runs(FactorsMetric.boundaryDistance, boundary)
            + runs(FactorsMetric.parameters, [(4000, 4000), (4000, 4000), (4000, 4000)])
    }

    @Test func fallingCurvatureAndBoundaryDistanceExplainDPRaisingEvasion() throws {
        let rows = evasionLedger(boundary: [(0.50, 0.30), (0.52, 0.31), (0.49, 0.30)])
        let cells = InteractionMatrix.cells(rows, catalog: .builtIn)
        let cell = try #require(cells.first { $0.risk == .evasion })
        #expect(cell.verdict == .confirms && cell.riskRises == true)
        let explanation = try #require(
            MeasuredExplanation.explanations(
                cells: [cell], rows: rows, measured: Catalog.builtIn.measuredFactors
            ).first)
        // Evasion's row is D2↑ O1↓ O3↓: O1 fell with ↓ → ↑, O3 fell with ↓ → ↑; O2.1 fell but
        // is not evasion's factor; D1 and M1 did not move.
        let moved = explanation.factors.filter(\.moved).map(\.change.factor)
        #expect(moved == [.lossCurvature, .trainTestDistinguishability, .boundaryDistance])
        #expect(
            explanation.factors.compactMap(\.implied) == [.rises, .rises])
        #expect(explanation.implied == .rises)
        #expect(explanation.agreement == .agrees)
        #expect(explanation.summary == "O1↓* O2.1↓ O3↓* ⇒ ↑: agrees")
        let text = explanation.reasoning(riskName: "evasion")
        #expect(text.contains("O3 ↓ with evasion O3↓ → ↑; 2 of 2 imply ↑"), "\(text)")
        #expect(text.hasSuffix("; agrees with the measured change"))
        // The matrix table shows it in its own column, and the report's reasoning table too.
        let table = InteractionMatrix.table(rows, catalog: .builtIn)
        let column = try #require(table.columns.firstIndex(of: "factors moved"))
        #expect(table.rows.allSatisfy { $0.count == table.columns.count })
        #expect(
            table.rows.contains { $0[column].displayText == "O1↓* O2.1↓ O3↓* ⇒ ↑: agrees" })
        let reasoning = try #require(MatrixReasoning.table(rows, catalog: .builtIn))
        #expect(reasoning.rows.count == 1)
        #expect(reasoning.rows[0].last?.displayText.hasPrefix("O1↓* O2.1↓ O3↓*") == true)
    }

    @Test func factorsThatPointTheOtherWayDisagreeAndATieGoesToTheDominantOnes() throws {
        // O3 rises by about 0.2 (→ ↓) while O1 falls (→ ↑): a tie of two dominant factors.
        let tie = evasionLedger(boundary: [(0.50, 0.70), (0.52, 0.71), (0.49, 0.70)])
        let cell = try #require(
            InteractionMatrix.cells(tie, catalog: .builtIn).first { $0.risk == .evasion })
        let tied = try #require(
            MeasuredExplanation.explanations(
                cells: [cell], rows: tie, measured: Catalog.builtIn.measuredFactors
            ).first)
        #expect(tied.implied == .unexplored && tied.agreement == .unexplained)
        // Without the O1 rows only O3 votes: ↓, against the measured ↑.
        let disagreeing = tie.filter { $0.metric != FactorsMetric.hessianTrace }
        let other = try #require(
            MeasuredExplanation.explanations(
                cells: [cell], rows: disagreeing, measured: Catalog.builtIn.measuredFactors
            ).first)
        #expect(other.implied == .falls && other.agreement == .disagrees)
    }

    @Test func aFactorWhoseIntervalSpansZeroOrThatIsTooSmallDidNotMove() throws {
        let rows =
            runs(InteractionMatrixTests.adversarial, [(0.50, 0.40), (0.52, 0.41), (0.48, 0.39)])
            // Δ −0.05, +0.05, 0: the interval spans zero.
            + runs(FactorsMetric.hessianTrace, [(5.0, 4.95), (5.0, 5.05), (5.0, 5.0)])
            // Δ about −0.005: evidence but below the smallest effect (0.01).
            + runs(FactorsMetric.boundaryDistance, [(0.5, 0.495), (0.5, 0.4951), (0.5, 0.4949)])
        let cell = try #require(InteractionMatrix.cells(rows, catalog: .builtIn).first)
        let explanation = try #require(
            MeasuredExplanation.explanations(
                cells: [cell], rows: rows, measured: Catalog.builtIn.measuredFactors
            ).first)
        #expect(explanation.factors.count == 2)
        #expect(explanation.factors.allSatisfy { !$0.moved })
        #expect(explanation.summary == "none moved: unexplained")
        // Without any factor rows the explanation says so and the table adds no column.
        let bare = runs(
            InteractionMatrixTests.adversarial, [(0.50, 0.40), (0.52, 0.41), (0.48, 0.39)])
        #expect(!InteractionMatrix.table(bare, catalog: .builtIn).columns.contains("factors moved"))
    }

    @Test func theReportShowsTheReasoningUnderTheHeatMap() {
        let rows = evasionLedger(boundary: [(0.50, 0.30), (0.52, 0.31), (0.49, 0.30)])
        let report = NotebookReport(cells: [], ledger: Ledger(rows: rows), catalog: .builtIn)
        let markdown = report.markdown(chartStem: "report").text
        #expect(markdown.contains("defense × risk, explained"))
        // Markdown escapes the asterisks of the summary.
        #expect(markdown.contains(#"O1↓\* O2.1↓ O3↓\* ⇒ ↑: agrees"#))
        let html = report.html()
        guard let heatMap = html.range(of: "defense × risk, measured"),
            let reasoning = html.range(of: "defense × risk, explained")
        else {
            Issue.record("the HTML report lacks the heat map or the reasoning")
            return
        }
        #expect(heatMap.lowerBound < reasoning.lowerBound)
    }
}
