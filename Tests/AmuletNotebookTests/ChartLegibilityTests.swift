import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

/// Chart text a room can read, in a column that fits it: the Δ chart's long metric names ran
/// into its plot (`backdoor.p=0.2%.success_rate` at 1024 px), and the heat map and other charts
/// drew 9–11-px text a projector's back row cannot read.
///
/// Sizes are checked against the 12-px floor for labels and 14 px for the heat map's values;
/// layouts against the shared width estimate, 0.58 em a character (0.6 em bold) — what the
/// label columns are sized by. `ReportScreenTests` measures the real glyphs in Chromium.
@Suite struct ChartLegibilityTests {
    /// One `<text>` element of an SVG.
    struct Text {
        var x: Double
        var y: Double
        var size: Double
        var anchor: String
        var bold: Bool
        var className: String
        var content: String
    }

    /// The SVG's `<text>` elements (one element a line, as `SVGDocument` writes them).
    static func texts(_ svg: String) -> [Text] {
        svg.split(separator: "\n").filter { $0.hasPrefix("<text ") }.map { element in
            let line = String(element)
            func attribute(_ name: String) -> String {
                guard let start = line.range(of: " \(name)=\"") else { return "" }
                let rest = line[start.upperBound...]
                return String(rest.prefix { $0 != "\"" })
            }
            var content = String(line.drop { $0 != ">" }.dropFirst())
            if let title = content.range(of: "</title>") {
                content = String(content[title.upperBound...])
            }
            content = String(content.prefix { $0 != "<" })
            return Text(
                x: Double(attribute("x")) ?? .nan, y: Double(attribute("y")) ?? .nan,
                size: Double(attribute("font-size")) ?? 0, anchor: attribute("text-anchor"),
                bold: line.contains("font-weight=\"bold\""), className: attribute("class"),
                content: content)
        }
    }

    /// Lesson 7's summary: three portions of the text backdoor, each with its full metric name
    /// as a heading and ONION's and DP-SGD's bars under it.
    static var lessonSeven: DeltaBarChart {
        var entries: [DeltaBarChart.Entry] = []
        for (portion, onion, dp) in [
            ("0.2%", -0.051, 0.388), ("1%", -0.521, 0.222), ("5%", -0.705, 0.002),
        ] {
            for (label, delta) in [("onion", onion), ("dp(eps=1)", dp)] {
                var entry = DeltaBarChart.Entry(
                    label: label, delta: delta, verdict: delta < 0 ? .better : .worse,
                    group: "poisoning")
                entry.subgroup = "backdoor.p=\(portion).success_rate"
                entries.append(entry)
            }
        }
        return DeltaBarChart(
            title: "Δ of the headline metrics against 'fasttext-64'", entries: entries)
    }

    @Test func aLongMetricNameBreaksAfterADotInsideTheLabelColumn() {
        let chart = Self.lessonSeven
        // 170 px holds 23 characters of 12-px bold: the 28-character name breaks after its
        // last `.` that a letter follows, the 26-character one too.
        #expect(
            chart.headingLines("backdoor.p=0.2%.success_rate") == [
                "backdoor.p=0.2%.", "success_rate",
            ])
        #expect(
            chart.headingLines("backdoor.p=1%.success_rate") == ["backdoor.p=1%.", "success_rate"])
        // The column fits the widest line, `backdoor.p=0.2%.` (16 characters) after the
        // heading's 16-px indent and before an 8-px gap: 16 + 16 · 7.2 + 8 = 139.2 → 140.
        #expect(chart.left == 140)
        #expect(chart.scale(group: 0).start == 140)
        #expect(chart.width == 600)
        let texts = Self.texts(chart.svg())
        let headings = texts.filter { $0.className == "row-heading" }
        #expect(headings.map(\.content).count == 6)
        for heading in headings {
            #expect(heading.x + ChartText.width(heading.content, bold: true) <= chart.left - 8)
        }
        let labels = texts.filter { $0.className == "bar-label" }
        #expect(
            labels.map(\.content) == [
                "onion", "dp(eps=1)", "onion", "dp(eps=1)", "onion", "dp(eps=1)",
            ])
        for label in labels {
            #expect(label.anchor == "end" && label.x == chart.left - 6)
            #expect(label.x - ChartText.width(label.content) >= 8)
        }
        // The whole name stays in each line's tooltip.
        let svg = chart.svg()
        #expect(svg.contains("<title>backdoor.p=0.2%.success_rate</title>backdoor.p=0.2%.</text>"))
        #expect(svg.contains("<title>backdoor.p=0.2%.success_rate</title>success_rate</text>"))
        // A heading of two lines takes 22 + 15 px; its first bar's 14-px bar is 4 px into the
        // next row, and no two lines of the column are closer than a line (15 px).
        #expect(chart.bar(0).y == chart.groupTop(0) + 37 + 4)
        let baselines = (headings + labels).map(\.y).sorted()
        #expect(zip(baselines, baselines.dropFirst()).allSatisfy { $1 - $0 >= 15 }, "\(baselines)")
    }

    @Test func aMetricNamedBarKeepsItsTwoLinesBesideItsBar() {
        // One scenario: the bars are labelled by the metric itself, in 12-px regular text (24
        // characters in 170 px).
        let chart = DeltaBarChart(
            title: "Δ of the headline metrics",
            entries: [
                .init(label: "accuracy", delta: -0.01, verdict: .worse, group: "utility"),
                .init(
                    label: "backdoor.p=0.2%.success_rate", delta: -0.05, verdict: .better,
                    group: "poisoning"),
            ])
        #expect(chart.labelLines(1) == ["backdoor.p=0.2%.", "success_rate"])
        // 8 + 16 · 6.96 + 6 = 125.4 → 126.
        #expect(chart.left == 126)
        // The row is 37 px; the 14-px bar sits in its middle: (37 − 14) / 2 = 11.5 down.
        #expect(chart.bar(1).y == chart.groupTop(1) + 11.5)
        let labels = Self.texts(chart.svg()).filter { $0.className == "bar-label" }
        #expect(labels.map(\.content) == ["accuracy", "backdoor.p=0.2%.", "success_rate"])
        // The two lines straddle the bar's middle (y + 7), 15 px apart.
        let middle = chart.bar(1).y + 7
        #expect(labels[1].y == middle + 4 - 7.5 && labels[2].y == middle + 4 + 7.5)
    }

    @Test func everyChartDrawsTextOfTwelvePixelsOrMore() throws {
        let sweep = InteractionMatrix.cells(InteractionMatrixRowsTests.sweep(), catalog: .builtIn)
        let curve = ReportReadabilityTests.curve([0, 0.01, 0.1, 1], [0, 0.05, 0.3, 1])
        let grid = ImageGrid(
            channels: 1, height: 2, width: 2, rowTitles: ["original", "adversarial"],
            caption: "true class, then the answer",
            items: [
                .init(label: "cat", images: [[0, 1, 1, 0], [1, 0, 0, 1]], captions: ["→ bird"])
            ])
        let charts: [(String, String)] = [
            ("delta", Self.lessonSeven.svg()),
            ("heat map", InteractionHeatMap(cells: sweep).svg()),
            (
                "group bars",
                GroupBarChart(
                    title: "rate", valueTitle: "rate", groups: ["A", "B"],
                    series: [.init(label: "m", values: [0.5, nil])]
                ).svg()
            ),
            ("roc", ROCChart(title: "roc", series: [.init(label: "m", curve: curve)]).svg()),
            ("pareto", ParetoChart(title: "front", tune: ParetoChartTests.tune).svg()),
            ("images", ImageGridChart(title: "evasion", grid: grid).svg()),
        ]
        for (name, svg) in charts {
            let sizes = Self.texts(svg).map(\.size)
            #expect(!sizes.isEmpty, "\(name)")
            #expect(sizes.allSatisfy { $0 >= 12 }, "\(name): \(Set(sizes).sorted())")
        }
        // The heat map's values: the Δ at 14 px, its other lines at 12.
        let texts = Self.texts(InteractionHeatMap(cells: sweep).svg())
        let changes = texts.filter { $0.className == "heat-change" }
        #expect(changes.count == 4 && changes.allSatisfy { $0.size == 14 && $0.bold })
        #expect(texts.filter { $0.className == "heat-ci" }.allSatisfy { $0.size == 12 })
    }

    @Test func heatMapCellsHoldTheirLinesAndTheMapFitsALaptopsColumn() throws {
        let cells = InteractionMatrix.cells(InteractionMatrixRowsTests.sweep(), catalog: .builtIn)
        let map = InteractionHeatMap(cells: cells)
        // The widest label line is `backdoor p=0.2%` (15 characters, 104.4 px) + 16 = 121;
        // eight 104-px columns and an 8-px margin: 961 px. A 1024-px page's summary column is
        // 958 px (64 em less the page's and the summary's 1-em paddings and its border), so the
        // map is shown at 99.7% of its size.
        #expect(map.left == 121)
        let svg = map.svg()
        #expect(svg.contains("viewBox=\"0 0 961 "))
        // Each cell's lines sit inside its rectangle: the 14-px Δ's top (about 0.75 em above
        // its baseline) below the rectangle's top, the last line's bottom above its bottom,
        // each line narrower than the rectangle.
        let rectangles = svg.split(separator: "\n").filter {
            $0.hasPrefix("<rect ") && $0.contains("class=\"heat-cell\"")
        }.map { line -> (x: Double, y: Double, width: Double, height: Double) in
            func number(_ name: String) -> Double {
                let rest = line[(line.range(of: " \(name)=\"")?.upperBound ?? line.endIndex)...]
                return Double(rest.prefix { $0 != "\"" }) ?? .nan
            }
            return (number("x"), number("y"), number("width"), number("height"))
        }
        #expect(rectangles.count == 4)
        let lines = Self.texts(svg).filter {
            ["heat-change", "heat-ci", "heat-detail"].contains($0.className)
        }
        #expect(lines.count == 4 + 2 + 4 + 4, "Δ, two CIs, the SoK's arrows and the verdicts")
        for line in lines {
            let inside = rectangles.first {
                line.x > $0.x && line.x < $0.x + $0.width && line.y > $0.y
                    && line.y < $0.y + $0.height
            }
            let cell = try #require(inside, "\(line.content)")
            #expect(line.y - 0.75 * line.size >= cell.y, "\(line.content)")
            #expect(line.y + 0.25 * line.size <= cell.y + cell.height, "\(line.content)")
            #expect(ChartText.width(line.content, size: line.size, bold: line.bold) <= cell.width)
        }
        // The row labels end 8 px left of the first column.
        for label in Self.texts(svg) where ["row-label", "row-subject"].contains(label.className) {
            #expect(label.x == map.left - 8)
            #expect(label.x - ChartText.width(label.content, bold: label.bold) >= 0)
        }
    }

    @Test func labelsBreakWhereAReaderExpects() {
        // 124 px holds 17 characters of 12-px text (0.58 em): ` · ` ends a line.
        #expect(
            ChartText.lines("backdoor p=0.2% · text", fitting: 124) == ["backdoor p=0.2%", "text"])
        // Never inside a number: `0.2` is not a break, the space before it is.
        #expect(
            ChartText.lines("rate at p=0.25 of all", fitting: 100) == ["rate at p=0.25", "of all"])
        // A word wider than a line is cut; the last line ends in … (72 px: 10 characters).
        #expect(
            ChartText.lines("abcdefghijklmnopqrstuvwxyz", fitting: 72) == [
                "abcdefghij", "klmnopqrs…",
            ])
        #expect(ChartText.lines("accuracy", fitting: 72) == ["accuracy"])
        #expect(ChartText.width("accuracy") == 8 * 12 * 0.58)
    }
}
