import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

@Suite struct RendererTests {
    /// A baseline and a DP-defended model, one run each: accuracy and membership AUC drop.
    static let comparison: Table = {
        var ledger = Ledger()
        for (scenario, role, accuracy, auc) in [
            ("mlp", ModelRole.baseline, 0.85, 0.62),
            ("mlp + dp(eps=1)", .defended, 0.80, 0.55),
        ] {
            ledger.append(
                LedgerRow(
                    cell: 1, scenario: scenario, role: role, risk: "utility",
                    metric: "accuracy", value: accuracy))
            ledger.append(
                LedgerRow(
                    cell: 1, scenario: scenario, role: role, risk: "privacy", metric: "mia.auc",
                    value: auc))
        }
        return Comparison.pivot(ledger)
    }()

    @Test func terminalTableAlignsTextLeftAndNumbersRight() {
        let expected = """
            risk     metric      mlp  mlp + dp(eps=1)       Δ
            ───────  ────────  ─────  ───────────────  ──────
            utility  accuracy  0.850            0.800  −0.050
            privacy  mia.auc   0.620            0.550  −0.070
            Δ: difference of means from the baseline 'mlp'.
            """
        #expect(TerminalRenderer(useColor: false).render(Self.comparison) == expected)
    }

    @Test func terminalColourMakesHeaderBoldAndNegativeDeltaRed() {
        let text = TerminalRenderer(useColor: true).render(Self.comparison)
        #expect(text.contains("\u{1B}[1mrisk\u{1B}[0m"))
        #expect(text.contains("\u{1B}[31m−0.050\u{1B}[0m"))
        #expect(!TerminalRenderer(useColor: false).render(Self.comparison).contains("\u{1B}"))
    }

    @Test func terminalKeepsDigitsAlignedBesideSignificanceMarkers() {
        let table = Table(
            title: "t",
            columns: ["metric", "Δ"],
            rows: [
                [.text("a"), .delta(0.1, digits: 2, significant: true)],
                [.text("b"), .delta(-0.2, digits: 2, significant: false)],
            ])
        let expected = """
            t
            metric       Δ
            ──────  ──────
            a       +0.10*
            b       −0.20
            """
        #expect(TerminalRenderer().render(table) == expected)
    }

    @Test func markdownTableRightAlignsNumericColumns() {
        let expected = """
            | risk | metric | mlp | mlp + dp(eps=1) | Δ |
            | --- | --- | ---: | ---: | ---: |
            | utility | accuracy | 0.850 | 0.800 | −0.050 |
            | privacy | mia.auc | 0.620 | 0.550 | −0.070 |

            Δ: difference of means from the baseline 'mlp'.
            """
        #expect(MarkdownRenderer().render(Self.comparison) == expected)
    }

    @Test func markdownEscapesPipesAndSignificanceMarkers() {
        let table = Table(
            columns: ["a|b", "Δ"],
            rows: [[.text("x|y"), .delta(0.5, digits: 1, significant: true)]])
        #expect(
            MarkdownRenderer().render(table)
                == "| a\\|b | Δ |\n| --- | ---: |\n| x\\|y | +0.5\\* |")
    }

    @Test func csvQuotesCommasAndDoublesQuotesAndKeepsFullPrecision() {
        let ledger = Ledger(rows: [
            LedgerRow(
                cell: 3, scenario: #"mlp, "wide" + dp"#, role: .defended, risk: "privacy",
                metric: "mia.auc", value: 0.5123456789, seed: 42, seconds: 1.5, repetition: 0),
            LedgerRow(
                cell: 3, scenario: "mlp", role: .baseline, risk: "privacy", metric: "mia.auc",
                value: 0.6, note: "line one\nline two"),
        ])
        let expected = """
            cell,scenario,dataset,recipe,role,risk,metric,unit,direction,value,seed,seconds,repetition,flags,note
            3,"mlp, ""wide"" + dp",synthetic,"mlp, ""wide"" + dp",defended,privacy,mia.auc,ratio,higher,0.5123456789,42,1.5,0,,
            3,mlp,synthetic,mlp,baseline,privacy,mia.auc,ratio,higher,0.6,0,0.0,,,"line one
            line two"

            """
        #expect(CSVRenderer().render(ledger: ledger) == expected)
    }

    @Test func csvTableAddsHalfWidthAndSignificanceColumns() {
        let table = Table(
            columns: ["metric", "value", "Δ"],
            rows: [
                [
                    .text("accuracy"), .interval(mean: 0.82, halfWidth: 0.0496867, digits: 3),
                    .delta(-0.11, digits: 3, significant: true),
                ]
            ])
        #expect(
            CSVRenderer().render(table)
                == "metric,value,value ci95,Δ,Δ significant\naccuracy,0.82,0.0496867,-0.11,true\n")
    }

    @Test func jsonLedgerDecodesBackToAnEqualLedger() throws {
        let ledger = Ledger(rows: [
            LedgerRow(
                cell: 2, scenario: "mlp + dp(eps=1)", role: .defended, risk: "fairness",
                metric: "fairness.race.dp_gap", value: 0.123456789012345, seed: 18_446_744_073_709,
                seconds: 12.25, repetition: 4, note: "ε = 0.98"),
            LedgerRow(
                cell: 2, scenario: "mlp", role: .baseline, risk: "utility", metric: "accuracy",
                value: 0.8),
        ])
        let text = JSONRenderer().render(ledger: ledger)
        #expect(text.split(separator: "\n").count == 4)  // brackets plus one line per row
        #expect(try JSONRenderer.decodeLedger(text) == ledger)
        #expect(try JSONDecoder().decode(Ledger.self, from: Data(text.utf8)) == ledger)
    }

    @Test func jsonTableWritesNumbersAsNumbersAndIntervalsAsObjects() throws {
        let table = Table(
            title: "cell 1", columns: ["metric", "value", "Δ"],
            rows: [
                [.text("auc"), .interval(mean: 0.82, halfWidth: 0.05, digits: 3), .empty],
                [.text("acc"), .number(0.9, digits: 3), .delta(-0.1, digits: 3, significant: nil)],
            ])
        let text = JSONRenderer().render(table)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "cell 1")
        #expect(object["columns"] as? [String] == ["metric", "value", "Δ"])
        let rows = try #require(object["rows"] as? [[Any]])
        let interval = try #require(rows[0][1] as? [String: Double])
        #expect(interval == ["mean": 0.82, "half_width": 0.05])
        #expect(rows[0][2] is NSNull)
        #expect(rows[1][1] as? Double == 0.9)
        #expect(rows[1][2] as? Double == -0.1)
    }

    @Test func outputFormatParsesItsNamesAndDispatches() {
        #expect(OutputFormat(rawValue: "markdown") == .markdown)
        #expect(OutputFormat(rawValue: "xml") == nil)
        #expect(OutputFormat.allCases.map(\.rawValue) == ["table", "markdown", "json", "csv"])
        #expect(
            render(Self.comparison, as: .markdown) == MarkdownRenderer().render(Self.comparison))
        #expect(render(Self.comparison, as: .csv).hasPrefix("risk,metric,mlp,mlp + dp(eps=1),Δ\n"))
    }
}
