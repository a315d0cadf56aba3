import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// The matrix's rows as `compare matrix`, the report's heat map and its explanation table show
/// them: a sweep of the text backdoor's portion is one row per portion in all three.
@Suite struct InteractionMatrixRowsTests {
    /// `for p in [1%, 0.2%] { attack backdoor portion=$p }` under `repeat 3` with `defend
    /// onion` on text, a single run beside it, and one tabular dp run (as
    /// `InteractionMatrixTests.aPortionSweepOnTextIsOneRowPerPortionMarkedText`).
    static func sweep() -> [LedgerRow] {
        let success = PoisoningMetrics.backdoorSuccess
        func text(_ row: LedgerRow, subject: String) -> LedgerRow {
            var row = row
            row.subject = subject
            row.modality = "text"
            row.datasetKey = "synthetic-text"
            row.dataset = "synthetic modality=text"
            return row
        }
        var rows: [LedgerRow] = []
        let runs = [
            ("p=1%", [(0.99, 0.05), (1.0, 0.08), (0.98, 0.04)]),
            ("p=0.2%", [(0.8, 0.05), (0.7, 0.06), (0.9, 0.05)]),
        ]
        for (subject, values) in runs {
            for (r, (base, defended)) in values.enumerated() {
                rows += InteractionMatrixTests.pair(
                    success, base: base, defended: defended, repetition: r, defense: "onion"
                ).map { text($0, subject: subject) }
            }
        }
        for row in InteractionMatrixTests.pair(
            success, base: 1, defended: 0.1, repetition: 0, defense: "onion")
        {
            var single = text(row, subject: "p=1%")
            single.repetition = nil
            single.seed = 0
            rows.append(single)
        }
        for var row in InteractionMatrixTests.pair(
            success, base: 0.9, defended: 0.2, repetition: 0, defense: "dp")
        {
            row.repetition = nil
            row.modality = "tabular"
            rows.append(row)
        }
        return rows
    }

    /// The texts of the SVG's `<text>` elements of class `className`, in document order.
    static func texts(_ svg: String, className: String) -> [String] {
        let pattern = "<text [^>]*class=\"\(className)\"[^>]*>([^<]*)</text>"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).compactMap {
            Range($0.range(at: 1), in: svg).map { String(svg[$0]) }
        }
    }

    @Test func aPortionSweepIsOneHeatMapRowPerPortionWithTheTerminalsValues() throws {
        let rows = Self.sweep()
        let cells = InteractionMatrix.cells(rows, catalog: .builtIn)
        let matrixRows = InteractionMatrix.rows(cells)
        let onion = "synthetic modality=text: mlp + onion"
        #expect(
            matrixRows.map(\.label) == [
                "\(onion) · backdoor p=1%", "\(onion) · backdoor p=0.2%",
                "\(onion) seed=0 · backdoor p=1%", "adult: dp",
            ])
        #expect(matrixRows.map(\.modality) == ["text", "text", "text", "tabular"])
        #expect(matrixRows.allSatisfy { $0.cells.count == 1 && $0.cells[0].risk == .poisoning })

        // SciPy (ttest_1samp, t.ppf(0.975, 2)·s/√3) on the paired differences: p=1%:
        // −0.9333, half-width 0.028684, p = 5.1e-5; p=0.2%: −0.7467, half-width 0.260933,
        // p = 0.00653; Holm over the two tested cells keeps both below 0.05 (*). The single
        // runs have no interval and no test.
        let expected = ["−0.933* ± 0.029", "−0.747* ± 0.261", "−0.900", "−0.700"]
        let map = InteractionHeatMap(cells: cells)
        let svg = map.svg()
        // The Δ on its own line at 14 px, its CI on the next.
        let changes = Self.texts(svg, className: "heat-change")
        let intervals = Self.texts(svg, className: "heat-ci")
        #expect(changes == ["−0.933*", "−0.747*", "−0.900", "−0.700"])
        #expect(intervals == ["± 0.029", "± 0.261"])
        // Together they read as the terminal's `Δ ± CI` (the two repeated rows come first).
        let shown = changes.enumerated().map {
            $0.offset < intervals.count ? "\($0.element) \(intervals[$0.offset])" : $0.element
        }
        #expect(shown == expected)
        // Lines of the label column hold 17 characters of 12-px text (124 px at 0.58 em), 17
        // of bold (0.6 em): `backdoor p=1% · text` (20) breaks around its `·`; the recipe
        // breaks at spaces.
        #expect(
            Self.texts(svg, className: "row-subject") == [
                "backdoor p=1%", "text", "backdoor p=0.2%", "text", "backdoor p=1%", "text",
                "tabular",
            ])
        #expect(
            Self.texts(svg, className: "row-label") == [
                "synthetic", "modality=text:", "mlp + onion", "synthetic", "modality=text:",
                "mlp + onion", "synthetic", "modality=text:", "mlp + onion", "seed=0",
                "adult: dp",
            ])
        // Each row's one cell sits in the poisoning column (the SoK's second), one under the
        // other; the seven other columns of each row are blank and say so.
        for row in 0..<4 {
            let (x, y) = map.box(row: row, column: 1)
            let rect = "<rect x=\"\(SVGDocument.number(x + 1))\" y=\"\(SVGDocument.number(y + 1))\""
            #expect(svg.contains(rect + " width=\"102\""), "row \(row)")
        }
        #expect(svg.components(separatedBy: "not measured</title>").count - 1 == 4 * 7)

        // The terminal's Δ and CI columns say the same, line for line.
        let table = InteractionMatrix.table(rows, catalog: .builtIn)
        let delta = try #require(table.columns.firstIndex(of: "Δ"))
        let ci = try #require(table.columns.firstIndex(of: "± 95% CI"))
        let terminal = table.rows.map { line in
            line[delta].displayText
                + (line[ci] == .empty ? "" : " ± " + line[ci].displayText)
        }
        #expect(terminal == expected)
        #expect(
            table.rows.map { $0[table.columns.firstIndex(of: "metric") ?? 0].displayText } == [
                "backdoor.p=1%.success_rate", "backdoor.p=0.2%.success_rate",
                "backdoor.p=1%.success_rate", "backdoor.success_rate",
            ])

        // The report's explanation table has a line per row, named by it, with its modality.
        let reasoning = try #require(MatrixReasoning.table(rows, catalog: .builtIn))
        #expect(reasoning.columns.prefix(3) == ["defense", "modality", "risk"])
        #expect(reasoning.rows.map { $0[0].displayText } == matrixRows.map(\.label))
        #expect(reasoning.rows.map { $0[1].displayText } == ["text", "text", "text", "tabular"])
        #expect(
            reasoning.rows.map { $0[3].displayText } == [
                "−0.933* ± 0.029 ↓", "−0.747* ± 0.261 ↓", "−0.900 ↓", "−0.700 ↓",
            ])

        // The HTML report carries the same heat map and table.
        let html = NotebookReport(cells: [], ledger: Ledger(rows: rows), catalog: .builtIn).html()
        #expect(
            Self.texts(html, className: "heat-change") == [
                "−0.933*", "−0.747*", "−0.900", "−0.700",
            ])
        #expect(html.contains("<td data-label=\"defense\">\(onion) · backdoor p=0.2%</td>"))
    }

    @Test func ordinaryPlugInsKeepOneRowPerDefense() throws {
        // dp measured on membership (subject lira) and evasion: one row, two cells, no subject.
        var rows: [LedgerRow] = []
        for r in 0..<3 {
            rows += InteractionMatrixTests.pair(
                InteractionMatrixTests.auc, base: 0.6, defended: 0.62 + 0.01 * Double(r),
                repetition: r, defense: "dp")
            rows += InteractionMatrixTests.pair(
                InteractionMatrixTests.adversarial, base: 0.5, defended: 0.4, repetition: r,
                defense: "dp")
        }
        let matrixRows = InteractionMatrix.rows(InteractionMatrix.cells(rows, catalog: .builtIn))
        #expect(matrixRows.map(\.label) == ["dp"])
        #expect(matrixRows.first?.cells.map(\.risk) == [.evasion, .membership])
        #expect(
            matrixRows.first?.cells.map(\.metric) == [
                "evasion.adversarial_accuracy", "mia.lira.auc",
            ])
        let map = InteractionHeatMap(cells: InteractionMatrix.cells(rows, catalog: .builtIn))
        // Δ line 18 + CI, arrow and verdict 3 × 15 + a 12-px margin.
        #expect(map.left == 96 && map.rowHeight(0) == 75)
        #expect(Self.texts(map.svg(), className: "row-subject").isEmpty)
        let reasoning = try #require(MatrixReasoning.table(rows, catalog: .builtIn))
        #expect(reasoning.columns.first == "defense" && !reasoning.columns.contains("modality"))
        #expect(reasoning.rows.map { $0[0].displayText } == ["dp", "dp"])
    }

    @Test func aRecipesOtherRisksShareOneRowBesideItsPortions() throws {
        // The onion recipe of the sweep also measured LiRA: its membership cell has no subject
        // of its own, so it gets the recipe's plain row, after the portions (poisoning comes
        // first in the SoK's order), in the terminal and in the heat map alike.
        var rows = Self.sweep()
        for r in 0..<3 {
            for var row in InteractionMatrixTests.pair(
                InteractionMatrixTests.auc, base: 0.6, defended: 0.615 + 0.005 * Double(r),
                repetition: r,
                defense: "onion")
            {
                row.modality = "text"
                row.datasetKey = "synthetic-text"
                row.dataset = "synthetic modality=text"
                rows.append(row)
            }
        }
        let cells = InteractionMatrix.cells(rows, catalog: .builtIn)
        let onion = "synthetic modality=text: mlp + onion"
        let matrixRows = InteractionMatrix.rows(cells)
        #expect(
            matrixRows.map(\.label) == [
                "\(onion) · backdoor p=1%", "\(onion) · backdoor p=0.2%", onion,
                "\(onion) seed=0 · backdoor p=1%", "adult: dp",
            ])
        #expect(matrixRows[2].cells.map(\.metric) == ["mia.lira.auc"])
        let table = InteractionMatrix.table(rows, catalog: .builtIn)
        #expect(
            table.rows.map { $0[3].displayText } == [
                "backdoor.p=1%.success_rate", "backdoor.p=0.2%.success_rate", "mia.lira.auc",
                "backdoor.p=1%.success_rate", "backdoor.success_rate",
            ])
        // Δ +0.015, +0.020, +0.025: mean +0.020 in the membership column (the SoK's fourth) of row 3.
        let map = InteractionHeatMap(cells: cells)
        let (x, y) = map.box(row: 2, column: 3)
        let rect = "<rect x=\"\(SVGDocument.number(x + 1))\" y=\"\(SVGDocument.number(y + 1))\""
        let svg = map.svg()
        let start = try #require(svg.range(of: rect))
        #expect(svg[start.lowerBound...].contains("mia.lira.auc +0.020"))
        #expect(Self.texts(svg, className: "heat-change")[2].hasPrefix("+0.020"))
    }

    @Test func aPortionWithoutABaselineIsUndefinedNeverANumber() throws {
        // p=5% was measured on the defended model only: no Δ exists for it.
        var rows = Self.sweep()
        for r in 0..<3 {
            var row = rows[1]
            row.subject = "p=5%"
            row.value = 0.3
            row.repetition = r
            row.seed = UInt64(100 + r)
            rows.append(row)
        }
        let cells = InteractionMatrix.cells(rows, catalog: .builtIn)
        let undefined = try #require(cells.first { $0.subject == "p=5%" })
        #expect(undefined.delta.isNaN)
        #expect(InteractionMatrix.change(undefined) == .undefined)
        let map = InteractionHeatMap(cells: cells)
        #expect(Self.texts(map.svg(), className: "heat-change")[2] == "–")
        let table = InteractionMatrix.table(rows, catalog: .builtIn)
        let line = try #require(
            table.rows.first { $0.contains(.text("backdoor.p=5%.success_rate")) })
        #expect(line.contains(.undefined))
        #expect(line.contains(.text("inconclusive (no baseline)")))
        #expect(!line.contains { $0.displayText.contains("nan") })
        #expect(table.notes.contains { $0.hasPrefix("–: undefined") })
        let reasoning = try #require(MatrixReasoning.table(rows, catalog: .builtIn))
        #expect(reasoning.rows[2][3].displayText == "–")
    }
}
