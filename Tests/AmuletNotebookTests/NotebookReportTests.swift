import AmuletNotebook
import AmuletRisks
import AmuletTensor
import Foundation
import Testing

/// The HTML and Markdown reports: summary first, unique captions, the Δ note, wrapping text,
/// bookkeeping cells left out, charts inline (HTML) or beside (Markdown).
@Suite struct NotebookReportTests {
    static var curve: ROCCurve {
        ROCCurve(
            scores: [0.9, 0.8, 0.7, 0.4, 0.3, 0.1],
            isPositive: [true, true, false, true, false, false])
    }

    static var ledger: Ledger {
        var rows = ReportSummaryTests.singleRunLedger.rows
        rows = rows.map { row in
            var copy = row
            copy.cell = 3
            return copy
        }
        return Ledger(rows: rows)
    }

    static var cells: [CellRecord] {
        let table = Comparison.latest(ledger, cell: 3)
        return [
            CellRecord(
                number: 1, source: "load adult",
                outputs: [.text("adult: 48842 rows"), .text("12210 members")]),
            CellRecord(
                number: 2, source: "help", outputs: [.text("verbs: …")], isBookkeeping: true),
            CellRecord(
                number: 3, source: "for e in [1] {\n  measure fairness\n}",
                outputs: [.note("a note"), .note("another"), .table(table), .table(table)],
                curves: [CellCurve(label: "mlp-m1", role: .baseline, curve: curve)]),
        ]
    }

    @Test func htmlStartsWithTheSummaryAndHasUniqueCaptions() {
        let html = NotebookReport(cells: Self.cells, ledger: Self.ledger).html()
        let summary = html.range(of: "<section id=\"summary\"")
        let firstCell = html.range(of: "<section id=\"cell-1\"")
        #expect(summary != nil && firstCell != nil)
        if let summary, let firstCell { #expect(summary.lowerBound < firstCell.lowerBound) }
        #expect(html.contains("2 headline metrics moved the wrong way"))
        #expect(html.contains("<caption>cell 3</caption>"))
        #expect(html.contains("<caption>cell 3 (2)</caption>"))
        let captions = html.components(separatedBy: "<caption>").dropFirst().map {
            String($0.prefix { $0 != "<" })
        }
        #expect(Set(captions).count == captions.count, "captions \(captions)")
        #expect(html.contains("Δ: difference of means from the baseline 'mlp-m1'."))
        #expect(html.contains("white-space:pre-wrap"))
        #expect(html.contains("<td class=\"num worse\" data-label=\"Δ\">−0.050</td>"))
        #expect(html.contains("<td class=\"num better\" data-label=\"Δ\">−0.080</td>"))
    }

    @Test func htmlInlinesChartsAndNeedsNoNetwork() {
        let html = NotebookReport(cells: Self.cells, ledger: Self.ledger).html()
        #expect(html.contains("class=\"chart roc-chart\""))
        #expect(html.contains("class=\"chart group-bar-chart\""))
        #expect(html.contains("class=\"chart delta-bar-chart\""))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(!html.contains("@import"))
        // The only URL is the SVG namespace, which browsers never fetch.
        let urls = html.components(separatedBy: "http").count - 1
        let namespaces = html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
        #expect(urls == namespaces)
    }

    @Test func bookkeepingCellsAreLeftOutUnlessEveryCellIsAsked() {
        let html = NotebookReport(cells: Self.cells, ledger: Self.ledger).html()
        #expect(!html.contains("id=\"cell-2\""))
        #expect(html.contains("1 cell that only showed, saved or reset"))
        let every = NotebookReport(cells: Self.cells, ledger: Self.ledger, includesEveryCell: true)
        #expect(every.html().contains("id=\"cell-2\""))
        #expect(every.shownCells.count == 3)
    }

    @Test func markdownUsesOneFencePerMessageBlockAndWritesChartsBeside() {
        let report = NotebookReport(cells: Self.cells, ledger: Self.ledger)
        let (text, charts) = report.markdown(chartStem: "session")
        #expect(text.contains("```\nadult: 48842 rows\n12210 members\n```"))
        #expect(text.contains("> a note\n>\n> another"))
        #expect(text.contains("**cell 3 (2)**"))
        #expect(text.hasPrefix("# Amulet session report\n\n## Summary"))
        #expect(!charts.isEmpty)
        for chart in charts {
            #expect(chart.name.hasPrefix("session-chart-") && chart.name.hasSuffix(".svg"))
            #expect(text.contains("](\(chart.name))"))
            #expect(chart.contents.hasPrefix("<svg"))
        }
        #expect(charts.contains { $0.name.hasSuffix("-roc.svg") })
        #expect(charts.contains { $0.name.hasSuffix("-groups.svg") })
        #expect(Set(charts.map(\.name)).count == charts.count)
    }

    @Test func frontierAppearsForASweepOfEpsilon() {
        var rows: [LedgerRow] = []
        let base = "mlp"
        rows.append(ReportSummaryTests.row(base, AccuracyMetric.testAccuracy, 0.85))
        for (eps, accuracy) in [(0.5, 0.7), (2.0, 0.8)] {
            let label = "mlp + dp(eps=\(eps))"
            rows.append(ReportSummaryTests.row(label, AccuracyMetric.testAccuracy, accuracy))
            rows.append(ReportSummaryTests.row(label, PrivacyMetric.epsilon, eps))
        }
        let chart = ReportCharts.frontier(ledger: Ledger(rows: rows))
        #expect(chart?.panels.map(\.metric) == ["accuracy"])
        #expect(chart?.panels.first?.points.map(\.epsilon) == [0.5, 2.0])
        #expect(chart?.panels.first?.reference == 0.85)
        #expect(ReportCharts.frontier(ledger: Ledger(rows: Array(rows.prefix(3)))) == nil)
    }
}
