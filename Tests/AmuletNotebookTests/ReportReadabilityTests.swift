import AmuletNotebook
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

/// The report and chart defects a workshop found (issue 23), one regression test each: tables
/// that left the page, a summary of repeated sentences, an ROC legend over the data, a model
/// drawn three times, zero-rate boxes, one ±0.5 axis for every Δ, no whiskers, a flattened
/// 0–1 frontier, no images for model inversion, and a terminal table wider than 80 columns.
@Suite struct ReportReadabilityTests {
    static let baseline = "mlp-m1 epochs=3 batch=64 lr=0.003"
    static let defended = "mlp-m1 epochs=3 batch=64 lr=0.003 + dp(eps=1)"

    static func row(
        _ scenario: String, _ metric: MetricID, _ value: Double?, subject: String? = nil,
        repetition: Int? = nil
    ) -> LedgerRow {
        LedgerRow(
            cell: 1, scenario: scenario, role: scenario == baseline ? .baseline : .defended,
            metric: metric, subject: subject, value: value, dataset: "adult", datasetKey: "adult",
            recipe: scenario, repetition: repetition)
    }

    /// One run each: accuracy −0.05 (worse), LiRA AUC −0.08 (better), DP gap +0.005 (below
    /// the 0.02 smallest effect of a fairness ratio: inconclusive).
    static var ledger: Ledger {
        Ledger(rows: [
            row(baseline, AccuracyMetric.testAccuracy, 0.85),
            row(baseline, MembershipMetrics.auc, 0.60, subject: "lira"),
            row(baseline, FairnessMetric.demographicParityDifference, 0.100, subject: "sex"),
            row(defended, AccuracyMetric.testAccuracy, 0.80),
            row(defended, MembershipMetrics.auc, 0.52, subject: "lira"),
            row(defended, FairnessMetric.demographicParityDifference, 0.105, subject: "sex"),
        ])
    }

    static var metadata: ReportMetadata {
        ReportMetadata(
            toolVersion: "1.2.3", date: "2026-12-07T05:00:00Z", seed: 3,
            datasets: ReportMetadata.datasets(fromDependencies: [
                "import /x.amu sha256=ff", "data adult|sha256=abc123|rows=100|test=0.2|seed=3",
            ]), commandLine: "amulet run lesson.amu --seed 3")
    }

    static var report: NotebookReport {
        NotebookReport(
            cells: [CellRecord(number: 1, source: "compare", outputs: [])], ledger: ledger,
            metadata: metadata)
    }

    // MARK: - Tables and summary

    @Test func everyTableScrollsInItsOwnBoxAndReflowsToLabelledCards() {
        let html = Self.report.html()
        let tables = html.components(separatedBy: "<table").count - 1
        #expect(tables >= 3, "scenario summary, one details table, the comparison")
        #expect(
            html.components(separatedBy: "<div class=\"table-wrap\"><table class=\"cards\">").count
                - 1 == tables)
        #expect(html.contains("div.table-wrap{max-width:100%;overflow-x:auto"))
        #expect(html.contains("@media (max-width:640px)"))
        #expect(html.contains("content:attr(data-label)"))
        #expect(html.contains("data-label=\"\(Self.defended)\""), "a card names its column")
    }

    @Test func printingUsesA4AndKeepsRowsAndChartsWhole() {
        let html = Self.report.html()
        #expect(html.contains("@media print{"))
        #expect(html.contains("@page{size:A4"))
        #expect(html.contains("tr,figure.chart,pre,dl.meta,caption{break-inside:avoid}"))
        #expect(html.contains("h2,caption,details>summary{break-after:avoid}"))
        #expect(html.contains("figure.chart svg{max-height:240mm}"), "a chart is a page at most")
        #expect(html.contains("td{padding:.1em .3em;overflow-wrap:break-word}"))
        #expect(html.contains("table.dense td{overflow-wrap:anywhere}"))
        #expect(html.contains("d.open=true"), "closed details open for print")
    }

    /// Words a table's columns need side by side, against A4's 527 pt between 12 mm margins:
    /// 7 pt type at 0.55 em a character (DejaVu Sans averages 0.54 em) is 3.85 pt, plus 5 pt
    /// a column.
    @Test func aTableTooWideForA4PaperIsPrintedDense() {
        // Two columns of 30 characters: 2 · (30 · 3.85 + 5) = 241 pt, fits.
        let word = String(repeating: "m", count: 30)
        let narrow = Table(columns: ["a", "b"], rows: [[.text(word), .text(word + " x")]])
        #expect(!NotebookReport.printsDensely(narrow))
        #expect(abs(NotebookReport.printableWidth - 527.24) < 0.01)
        // Five such columns: 602.5 pt; a long header alone does not count (it may break).
        let wide = Table(
            columns: ["a", "b", "c", "d", String(repeating: "h", count: 200)],
            rows: [Array(repeating: .text(word), count: 5)])
        #expect(NotebookReport.printsDensely(wide))
        let html = NotebookReport(
            cells: [
                CellRecord(number: 1, source: "compare", outputs: [.table(wide), .table(narrow)])
            ],
            ledger: Ledger(rows: [])
        ).html()
        #expect(html.components(separatedBy: "<table class=\"cards dense\">").count == 2)
        #expect(html.components(separatedBy: "<table class=\"cards\">").count == 2)
        let longHeader = Table(
            columns: ["a", String(repeating: "h", count: 200)], rows: [[.text("x"), .text("y")]])
        #expect(!NotebookReport.printsDensely(longHeader))
        // Joined by hyphens the five words break after each: one column of 31 characters.
        let hyphenated = Table(
            columns: ["a"], rows: [[.text(Array(repeating: word, count: 5).joined(separator: "-"))]]
        )
        #expect(!NotebookReport.printsDensely(hyphenated))
    }

    /// The row titles' column is as wide as the widest title: at ChartText's 0.58 em of 12 px a
    /// character is 6.96 px, plus 8 px either side; the fixed 118 px cut `perturbation ×16`.
    @Test func imageGridRowTitlesSizeTheirColumn() {
        func grid(_ titles: [String]) -> ImageGrid {
            let item = ImageGrid.Item(
                label: "cat", images: Array(repeating: [0, 0.5, 1, 0.5], count: titles.count))
            return ImageGrid(
                channels: 1, height: 2, width: 2, rowTitles: titles,
                items: Array(repeating: item, count: 8))
        }
        let long = ImageGridChart(
            title: "t", grid: grid(["original", "adversarial", "perturbation ×16"]))
        // 16 characters: 111.36 + 16 = 127.36 px; the title ends 8 px before the images, so it
        // starts 8 px from the figure's left edge.
        #expect(abs(long.rowTitleWidth - 127.36) < 1e-9)
        #expect(long.svg().contains("<text x=\"119.36\" "))
        #expect(long.columns == 6, "(600 − 127.36) / 74 px a column")
        // Short titles leave room for a seventh column: (600 − 78.64) / 74 = 7.05.
        let short = ImageGridChart(title: "t", grid: grid(["image", "reference"]))
        #expect(abs(short.rowTitleWidth - 78.64) < 1e-9)
        #expect(short.columns == 7)
        // Never more than half a narrow figure, so one column of images still fits.
        let narrow = ImageGridChart(title: "t", grid: grid(["perturbation ×16"]), width: 200)
        #expect(narrow.rowTitleWidth == 100 && narrow.columns == 1)
    }

    @Test func headerNamesVersionDateSeedDataHashesAndCommandLine() {
        let html = Self.report.html()
        let summary = html.range(of: "<section id=\"summary\"")
        let meta = html.range(of: "<dl class=\"meta\">")
        #expect(summary != nil && meta != nil)
        for expected in [
            "<dt>version</dt><dd>1.2.3</dd>", "<dt>date</dt><dd>2026-12-07T05:00:00Z</dd>",
            "<dt>seed</dt><dd>3</dd>", "<dt>data</dt><dd>adult sha256 abc123</dd>",
            "<dt>command</dt><dd>amulet run lesson.amu --seed 3</dd>",
        ] {
            #expect(html.contains(expected), "\(expected)")
        }
        let markdown = Self.report.markdown(chartStem: "r").text
        #expect(markdown.contains("- **seed**: 3"))
        let repl = ReportMetadata(toolVersion: nil, date: "d", seed: 0)
        #expect(repl.lines.map(\.value).contains("interactive session (REPL)"))
    }

    @Test func summaryIsOneLinePerScenarioWithDetailsOnDemand() {
        let summary = ReportSummary(ledger: Self.ledger)
        #expect(summary.changes.map(\.outcome) == [.worse, .better, .inconclusive])
        let table = summary.scenarioTable
        #expect(table.columns == ["scenario", "better", "worse", "inconclusive"])
        #expect(table.rows.count == 1)
        #expect(
            table.rows[0].map(\.displayText) == [
                Self.defended, "mia.lira.auc −0.080", "accuracy −0.050",
                "fairness.sex.dp_difference +0.005",
            ])
        let html = Self.report.html()
        #expect(!html.contains("single run, untested"), "no phrase repeated per metric")
        #expect(html.components(separatedBy: "no change is tested").count - 1 == 1)
        #expect(html.contains("<details><summary>details of '\(Self.defended)'</summary>"))
        // The per-scenario table comes before the details and the cells.
        let first = html.range(of: "summary: what changed in each scenario")?.lowerBound
        let details = html.range(of: "<details>")?.lowerBound
        #expect(first != nil && details != nil && first! < details!)
    }

    // MARK: - ROC

    static func curve(_ fpr: [Double], _ tpr: [Double]) -> ROCCurve {
        var curve = ROCCurve(scores: [1.0, 0.0], isPositive: [true, false])
        curve.falsePositiveRates = fpr
        curve.truePositiveRates = tpr
        curve.thresholds = fpr.map { _ in 0 }
        return curve
    }

    @Test func rocShowsEachModelOnceWithItsOwnColourAndDash() {
        let base = Self.curve([0, 0.01, 0.1, 1], [0, 0.05, 0.3, 1])
        let defended = Self.curve([0, 0.01, 0.1, 1], [0, 0.02, 0.15, 1])
        let cell = CellRecord(
            number: 4, source: "", outputs: [],
            curves: [
                CellCurve(label: "m", role: .baseline, curve: base),
                CellCurve(label: "m + dp(eps=1)", role: .defended, curve: defended),
                CellCurve(label: "m", role: .baseline, curve: base),
                CellCurve(label: "m + dp(eps=2)", role: .defended, curve: defended),
                CellCurve(label: "m", role: .baseline, curve: base),
            ])
        let chart = try! #require(ReportCharts.roc(cell: cell))
        #expect(
            chart.series.map(\.label) == [
                "baseline: m", "defended: m + dp(eps=1)", "defended: m + dp(eps=2)",
            ])
        let svg = chart.svg()
        #expect(svg.components(separatedBy: "class=\"roc-curve").count - 1 == 3)
        let styles = chart.legend.map { "\($0.color) \($0.dash ?? "solid")" }
        #expect(Set(styles).count == 3 && Set(chart.legend.map(\.color)).count == 3)
        #expect(Set(chart.legend.map { $0.dash ?? "" }).count == 3)
    }

    @Test func rocLegendSitsBelowThePlotArea() {
        let chart = ROCChart(
            title: "t",
            series: (0..<4).map {
                ROCChart.Series(label: "model \($0)", curve: Self.curve([0, 0.5, 1], [0, 0.6, 1]))
            })
        let svg = chart.svg()
        let legend = try! #require(svg.components(separatedBy: "<g class=\"legend\">").last)
        let ys = legend.components(separatedBy: " y1=\"").dropFirst().compactMap {
            Double($0.prefix { $0 != "\"" })
        }
        #expect(ys.count == 4)
        #expect(ys.allSatisfy { $0 > chart.frame.plotBottom + 30 }, "\(ys)")
        #expect(chart.frame.height - chart.frame.plotBottom >= 50 + 4 * ChartLegend.rowHeight)
    }

    @Test func rocDrawsNoBoxesAlongTheAxesForZeroRates() {
        // A stepwise curve that stays at TPR 0 until FPR 0.01: on log axes those points would
        // be clamped onto the bottom axis and the left one.
        let chart = ROCChart(
            title: "t",
            series: [
                .init(
                    label: "a",
                    curve: Self.curve([0, 0, 0.001, 0.002, 0.01, 1], [0, 0.001, 0, 0, 0.1, 1]))
            ])
        let points = chart.points(chart.series[0].curve)
        #expect(points.count == 2)
        #expect(
            points.allSatisfy {
                $0.y < chart.frame.plotBottom - 1 && $0.x > chart.frame.plotLeft + 1
            })
    }

    @Test func terminalSparklineTellsAGuessingAttackFromAStrongOne() {
        let rates = TextSparkline.rocRates
        // Guessing (TPR = FPR) on log-log axes is a ramp: level round(7·k/12), k = 0…12.
        let guessing = CellCurve(
            label: "a", role: .baseline, curve: Self.curve([0] + rates, [0] + rates))
        // (k = 6 is an exact tie at 3.5, left out: its rounding depends on the last bit of log10.)
        let ramp = TextSparkline.rocLine(guessing)
        #expect(ramp.hasPrefix("ROC baseline: ▁▂▂▃▃▄"), "\(ramp)")
        #expect(ramp.contains("▅▆▆▇▇█ "), "\(ramp)")
        let strong = CellCurve(
            label: "b", role: .defended, curve: Self.curve([0, 0.001, 1], [0, 0.5, 1]))
        // log10 0.5 = −0.30: level round(7·2.70/3) = 6 from the first rate on.
        #expect(TextSparkline.rocLine(strong).hasPrefix("ROC defended: ▇▇▇▇▇▇▇▇▇▇▇▇█ "))
    }

    // MARK: - Δ bars, frontier, sizes

    @Test func deltaBarsGiveEachRiskItsOwnAxisSoSmallChangesShow() {
        let chart = DeltaBarChart(
            title: "Δ",
            entries: [
                .init(label: "mia.auc", delta: -0.3, verdict: .better, group: "membership"),
                .init(
                    label: "fairness.dp_difference", delta: 0.02, verdict: .worse, group: "fairness"
                ),
            ])
        #expect(chart.groups.map(\.name) == ["membership", "fairness"])
        // Fairness's own axis is ±0.02, so its bar fills half the plot; on the AUC's ±0.4 it
        // would be 1/40 of it.
        let half = (chart.scale(group: 1).end - chart.scale(group: 1).start) / 2
        #expect(abs(chart.bar(1).width - half) < 1e-9)
        #expect(abs(chart.scale(group: 0).domain.upperBound - 0.4) < 1e-12)
        #expect(chart.svg().contains(">fairness</text>"))
    }

    @Test func repeatsGiveDeltaBarsConfidenceWhiskers() {
        var rows: [LedgerRow] = []
        for (i, (b, d)) in [(0.85, 0.80), (0.86, 0.80), (0.84, 0.79)].enumerated() {
            rows.append(Self.row(Self.baseline, AccuracyMetric.testAccuracy, b, repetition: i))
            rows.append(Self.row(Self.defended, AccuracyMetric.testAccuracy, d, repetition: i))
        }
        let summary = ReportSummary(ledger: Ledger(rows: rows))
        // Paired differences −0.05, −0.06, −0.05: mean −0.05333, sd 0.005774, se 0.003333,
        // t(0.975, 2) = 4.3027: half-width 0.014342.
        let half = try! #require(summary.changes.first?.halfWidth)
        #expect(abs(half - 0.014342) < 1e-5)
        let svg = summary.deltaChart(for: Self.defended).svg()
        #expect(svg.components(separatedBy: "class=\"whisker\"").count - 1 == 3)
    }

    @Test func chartsScaleWithThePageAndUseReadableTicks() {
        let html = Self.report.html()
        #expect(html.contains("figure.chart svg{max-width:100%;height:auto"))
        let svg = ROCChart(title: "t", series: []).svg()
        #expect(svg.contains("viewBox=\"0 0 600 400\""))
        #expect(svg.contains("font-size=\"12\""))
        #expect(!svg.contains("font-size=\"10\""))
        #expect(
            svg.contains("class=\"axis-title x-title\"")
                && svg.contains("class=\"axis-title y-title\""))
    }

    @Test func frontierRendersByKindNotByName() {
        // Made-up metrics a new plug-in might declare: a budget in ε and a headline ratio.
        let budget = MetricID(
            "budget.spent", risk: .membership, unit: .epsilon, direction: .neutral, doc: "")
        let score = MetricID(
            "made.up", risk: .utility, unit: .ratio, direction: .higherIsBetter, scope: .headline,
            doc: "")
        var rows = [Self.row("none", score, 0.83)]
        for (epsilon, value) in [(1.0, 0.81), (2.0, 0.82), (4.0, 0.825)] {
            rows.append(Self.row("e\(epsilon)", budget, epsilon))
            rows.append(Self.row("e\(epsilon)", score, value))
        }
        let chart = try! #require(ReportCharts.frontier(ledger: Ledger(rows: rows)))
        #expect(chart.panels.map(\.metric) == ["made.up"])
        #expect(chart.panels[0].reference == 0.83)
        let scale = chart.valueScale(0)
        #expect(
            scale.domain.lowerBound >= 0.8 && scale.domain.upperBound <= 0.84, "\(scale.domain)")
    }

    @Test func notebookSourcesNameNoPlugin() throws {
        let folder = TestSupport.packageRoot().appendingPathComponent("Sources/AmuletNotebook")
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for name in ["\"mia", "\"lira", "\"evasion", "\"fairness", "\"dp", "hasSuffix(\".auc"] {
                #expect(!text.contains(name), "\(file.lastPathComponent) names \(name)")
            }
            for type in ["FairnessMetric", "PrivacyMetric", "AccuracyMetric", "MembershipMetrics"] {
                #expect(!text.contains(type + "."), "\(file.lastPathComponent) names \(type)")
            }
        }
    }

    // MARK: - Images

    @Test func pngChecksumsMatchTheirStandards() {
        // Check values: CRC-32 of "123456789" is 0xCBF43926 (ISO 3309 / zlib's crc32);
        // Adler-32 of "Wikipedia" is 0x11E60398 (RFC 1950's worked example on Wikipedia).
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let png = try! #require(
            PNGEncoder.encode(width: 2, height: 1, channels: 1, pixels: [0, 255]))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // Every PNG ends with the same IEND chunk: length 0, "IEND", CRC 0xAE426082.
        #expect(
            Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        #expect(PNGEncoder.encode(width: 2, height: 2, channels: 1, pixels: [0]) == nil)
    }

    @Test func inversionImagesAppearBesideTheirClassMeans() {
        let grid = ImageGrid(
            channels: 1, height: 2, width: 2, imageTitle: "reconstruction",
            referenceTitle: "class mean",
            items: [
                .init(label: "class 0", image: [0, 1, 1, 0], reference: [0, 0.5, 0.5, 0]),
                .init(label: "class 1", image: [1, 0, 0, 1], reference: [1, 1, 0, 0]),
            ])
        let cell = CellRecord(
            number: 2, source: "attack inversion", outputs: [],
            images: [CellImages(label: "cnn", role: .current, grid: grid)])
        let report = NotebookReport(cells: [cell], ledger: Ledger())
        let html = report.html()
        #expect(html.contains("class=\"chart image-grid-chart\""))
        // Two classes × (reconstruction + class mean).
        #expect(html.components(separatedBy: "<image class=\"grid-image\"").count - 1 == 4)
        #expect(html.contains("href=\"data:image/png;base64,"))
        #expect(html.contains(">class mean</text>") && html.contains(">class 1</text>"))
        // The sheet: 2 images of 2 px + 1 px gap across, 2 rows + gap down, ×4.
        let sheet = try! #require(ImageGridChart.sheet(grid, scale: 4))
        let width = sheet[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = sheet[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 20 && height == 20)
    }

    @Test func threeViewGridsShowCaptionRowTitlesAndTheDataScale() {
        // Pixels in [−1, 1] (normalize=symmetric): −1 is black, 1 white, 0 mid-grey.
        let item = ImageGrid.Item(
            label: "cat", images: [[-1, 0, 1, 0.5], [0, 0, 0, 0], [1, 1, 1, 1]],
            captions: ["→ bird", "→ automobile truck"])
        let grid = ImageGrid(
            channels: 1, height: 2, width: 2,
            rowTitles: ["original", "adversarial", "perturbation ×4"],
            caption: "true class, then the answer before → after", items: [item, item],
            low: -1, high: 1)
        #expect(grid.title == "original, adversarial and perturbation ×4")
        let png = try! #require(ImageGridChart.png(item.images[0], grid: grid, scale: 1))
        // Stored deflate: IHDR ends at 33, IDAT's length and type take 8 bytes, zlib's header
        // 2 and the stored block's 5; then each row is a filter byte and its pixels.
        #expect(Array(png[48..<54]) == [0, 0, 128, 0, 255, 191])
        let svg = ImageGridChart(title: "t", grid: grid, width: 600).svg()
        // The titles' column fits the widest, "perturbation ×4": 15 characters at 0.58 em of
        // 12 px is 104.4 px, plus 8 px either side.
        #expect(abs(ImageGridChart(title: "t", grid: grid).rowTitleWidth - 120.4) < 1e-9)
        // A title longer than the figure breaks after a comma, each line within the width.
        let long = ImageGridChart(
            title: "original, adversarial and perturbation ×16, defended: "
                + "resnet20-w0.25+gn epochs=10 lr=0.003 + dp(eps=8), cell 10", grid: grid)
        #expect(
            long.titleLines == [
                "original, adversarial and perturbation ×16,",
                "defended: resnet20-w0.25+gn epochs=10 lr=0.003 + dp(eps=8), cell 10",
            ])
        #expect(svg.components(separatedBy: "<image class=\"grid-image\"").count - 1 == 6)
        #expect(svg.contains(">perturbation ×4</text>") && svg.contains(">true class, then"))
        // The label above each column, each answer under its image, cut with … when longer
        // than a column (its tooltip keeps it whole); the perturbation has no caption.
        #expect(svg.contains(">cat</text>") && svg.contains(">→ bird</text>"))
        // A column's pitch is 74 px: 10 characters of 12-px text (0.58 em) fit.
        #expect(svg.contains(">→ automob…</text>"))
        #expect(svg.components(separatedBy: "class=\"image-caption-line\"").count - 1 == 4)
        #expect(ImageGridChart.shortened("automobile → truck") == "automobil…")
        let sheet = try! #require(ImageGridChart.sheet(grid, scale: 1))
        let width = sheet[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = sheet[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 2 * 3 - 1 && height == 3 * 3 - 1)
    }

    // MARK: - Terminal

    @Test func eightyColumnsAbbreviateScenarioLabelsBeforeCuttingMetricNames() {
        let long = "mlp-m1 epochs=3 batch=64 lr=0.003 members=0.5 seed=0"
        let table = Table(
            title: "compare",
            columns: [
                "risk", "metric", long, long + " + dp(eps=1)", "Δ", long + " + dp(eps=8)", "Δ",
            ],
            rows: [
                [
                    .text("fairness"), .text("fairness.sex.dp_difference"), .number(0.1, digits: 3),
                    .number(0.12, digits: 3), .delta(0.02, digits: 3, significant: nil),
                    .number(0.11, digits: 3), .delta(0.01, digits: 3, significant: nil),
                ],
                [
                    .text("membership"), .text("mia.lira.tpr_at_1pct_fpr"),
                    .number(0.05, digits: 3),
                    .number(0.02, digits: 3), .delta(-0.03, digits: 3, significant: nil),
                    .number(0.03, digits: 3), .delta(-0.02, digits: 3, significant: nil),
                ],
            ],
            notes: [
                "Δ: difference of means from the baseline '\(long)', a long note that must wrap."
            ])
        let text = TerminalRenderer(width: 80).render(table)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\n\(text)")
        #expect(text.contains("fairness.sex.dp_difference"), "metric names stay whole\n\(text)")
        #expect(text.contains("mia.lira.tpr_at_1pct_fpr"))
        #expect(!text.contains("…"), "nothing is cut\n\(text)")
        #expect(text.contains("A = \(long)") || text.contains(long), "a legend names them\n\(text)")
        // The shared prefix leaves `+ dp(eps=1)`-style labels, or letters with a legend.
        let header = lines.first { $0.hasPrefix("risk") } ?? ""
        #expect(!header.contains(long), "\(header)")
    }

    @Test func eightyColumnsLetterTheScenarioColumnBeforeCuttingMetricNames() {
        let label = "mlp-m1 epochs=10 (lr=0.003) + dp(eps=1)"
        let metrics = ["fairness.race×sex.eodds_difference", "fairness.sex.p_rule", "dp.epsilon"]
        let table = Table(
            title: "cell 5",
            columns: ["scenario", "risk", "metric", "value", "Δ"],
            rows: metrics.map {
                [
                    .text(label), .text("fairness"), .text($0), .number(0.159, digits: 3),
                    .delta(0.077, digits: 3, significant: nil),
                ]
            })
        let text = TerminalRenderer(width: 80).render(table)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\n\(text)")
        for metric in metrics { #expect(text.contains(metric), "\(metric)\n\(text)") }
        #expect(text.contains("A = \(label)"))
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("A  ") }.count == 3)
    }

    @Test func oneDeltaChartComparesEveryScenarioOnEachRisksAxis() {
        let other = "mlp-m1 epochs=3 batch=64 lr=0.003 + dp(eps=8)"
        var rows = Self.ledger.rows
        rows.append(Self.row(other, AccuracyMetric.testAccuracy, 0.84))
        rows.append(Self.row(other, MembershipMetrics.auc, 0.58, subject: "lira"))
        let chart = ReportSummary(ledger: Ledger(rows: rows)).deltaChart
        // Metric-major within each risk: the metric heads its rows, each bar is labelled by
        // what the scenarios' labels do not share.
        #expect(
            chart.entries.map(\.label) == [
                "dp(eps=1)", "dp(eps=8)", "dp(eps=1)", "dp(eps=8)", "dp(eps=1)",
            ])
        #expect(
            chart.entries.map(\.subgroup) == [
                "accuracy", "accuracy", "mia.lira.auc", "mia.lira.auc",
                "fairness.sex.dp_difference",
            ])
        #expect(chart.groups.map(\.name) == ["utility", "membership", "fairness"])
        // Short labels keep the chart at its 600 px; a heading row sits above each metric:
        // the first bar of the utility group is one row (22 px) below the group's top.
        #expect(chart.width == 600)
        #expect(chart.bar(0).y == chart.groupTop(0) + DeltaBarChart.rowHeight + 4)
        #expect(chart.svg().contains(">mia.lira.auc</text>"))
        let html = NotebookReport(cells: [], ledger: Ledger(rows: rows)).html()
        #expect(html.components(separatedBy: "class=\"chart delta-bar-chart\"").count - 1 == 1)
    }
}
