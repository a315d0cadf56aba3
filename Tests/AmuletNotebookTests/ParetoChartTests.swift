import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

/// The Pareto-front chart of a `tune`: points, front, greyed failures and bounds counted in
/// the SVG for a hand-built sweep whose front is known by inspection, and the report draws it.
@Suite struct ParetoChartTests {
    /// A sweep of accuracy (higher is better) against attack AUC (lower is better).
    ///
    /// The bounds are accuracy >= 0.8 and auc <= 0.55. By inspection: 0.5 (lowest AUC), 1 and 2 (highest
    /// accuracy with the lowest AUC among them) are on the front; 4 is dominated by 2 (same
    /// accuracy, higher AUC) and 8 by 2 (less accurate, higher AUC); 16 has no accuracy.
    /// Failing: 0.5 (accuracy), 2, 4 and 8 (AUC).
    static var tune: CellTune {
        CellTune(
            title: "tune dp",
            metrics: [
                CellTune.Metric(
                    name: "accuracy", direction: .higherIsBetter,
                    bounds: [CellTune.Bound(comparison: ">=", value: 0.8)]),
                CellTune.Metric(
                    name: "mia.lira.auc", direction: .lowerIsBetter,
                    bounds: [CellTune.Bound(comparison: "<=", value: 0.55)]),
            ],
            points: [
                CellTune.Point(label: "dp eps=0.5", values: [0.78, 0.50], meets: false),
                CellTune.Point(label: "dp eps=1", values: [0.82, 0.52], meets: true),
                CellTune.Point(label: "dp eps=2", values: [0.84, 0.56], meets: false),
                CellTune.Point(label: "dp eps=4", values: [0.84, 0.58], meets: false),
                CellTune.Point(label: "dp eps=8", values: [0.83, 0.57], meets: false),
                CellTune.Point(label: "dp eps=16", values: [nil, 0.5], meets: false),
            ])
    }

    func count(_ marker: String, in text: String) -> Int {
        text.components(separatedBy: marker).count - 1
    }

    @Test func frontPointsFailuresAndBoundsAreDrawn() {
        #expect(Self.tune.front == [true, true, true, false, false, false])
        let svg = ParetoChart(title: "front", tune: Self.tune).svg()
        #expect(count("class=\"tune-point tune-front\"", in: svg) == 3)
        #expect(count("class=\"tune-point\"", in: svg) == 2)
        #expect(count("fill=\"#b0b0b0\" ", in: svg) == 4, "greyed circles")
        #expect(count("class=\"tune-bound\"", in: svg) == 2)
        #expect(count("class=\"tune-front-line plot-line\"", in: svg) == 1)
        for label in ["dp eps=0.5", "dp eps=1", "dp eps=2", "dp eps=4", "dp eps=8"] {
            #expect(svg.contains(">\(label)</text>"), "label \(label)")
        }
        #expect(!svg.contains(">dp eps=16</text>"), "a point without accuracy is not placed")
    }

    @Test func frontLineJoinsTheFrontByAccuracyAtHandComputedPixels() throws {
        let svg = ParetoChart(title: "front", tune: Self.tune).svg()
        // x: accuracy over [0.78, 0.84] padded by 0.006 → [0.774, 0.846] onto 64…580 px.
        // y: AUC over [0.50, 0.58] (bound 0.55 inside) padded by 0.008 → [0.492, 0.588]
        // onto 350…34 px (the legend's three lines sit below the plot).
        func x(_ v: Double) -> Double { 64 + (v - 0.774) / 0.072 * 516 }
        func y(_ v: Double) -> Double { 350 + (v - 0.492) / 0.096 * (34 - 350) }
        let expected = [(0.78, 0.50), (0.82, 0.52), (0.84, 0.56)].map {
            SVGDocument.number(x($0.0)) + "," + SVGDocument.number(y($0.1))
        }.joined(separator: " ")
        let line = try #require(
            svg.split(separator: "\n").first { $0.contains("tune-front-line") })
        #expect(line.contains("points=\"\(expected)\""), "\(line) vs \(expected)")
        // The accuracy bound is a vertical line at x(0.8).
        let bound = SVGDocument.number(x(0.8))
        #expect(svg.contains("x1=\"\(bound)\" y1=\"34\" x2=\"\(bound)\" y2=\"350\""))
    }

    /// The labels' boxes as drawn in the SVG: each `<text>` whose content is a setting's label,
    /// its box from its x, baseline and anchor, ChartText's width estimate and the 12 px size.
    static func drawnLabelBoxes(_ svg: String, labels: [String]) -> [String: [Double]] {
        var boxes: [String: [Double]] = [:]
        for line in svg.split(separator: "\n") {
            guard let label = labels.first(where: { line.hasSuffix(">\($0)</text>") }) else {
                continue
            }
            func attribute(_ name: String) -> String? {
                guard let start = line.range(of: " \(name)=\"") else { return nil }
                return line[start.upperBound...].split(separator: "\"").first.map(String.init)
            }
            guard let x = attribute("x").flatMap(Double.init),
                let y = attribute("y").flatMap(Double.init)
            else { continue }
            let width = ChartText.width(label)
            let left =
                switch attribute("text-anchor") {
                case "end": x - width
                case "middle": x - width / 2
                default: x
                }
            boxes[label] = [left, y - 12, left + width, y + 3]
        }
        return boxes
    }

    @Test func labelsOfTwoCloseSettingsDoNotOverlap() throws {
        // 0.801 vs 0.800 and 0.5005 vs 0.500 on a 0.70…0.90 × 0.40…0.60 sweep: about 2 px
        // apart, so labels both drawn above right of their dots would cover each other.
        let tune = CellTune(
            title: "tune dp",
            metrics: [
                CellTune.Metric(name: "accuracy", direction: .higherIsBetter, bounds: []),
                CellTune.Metric(name: "mia.lira.auc", direction: .lowerIsBetter, bounds: []),
            ],
            points: [
                CellTune.Point(label: "dp eps=1", values: [0.70, 0.40], meets: true),
                CellTune.Point(label: "dp eps=4", values: [0.800, 0.500], meets: true),
                CellTune.Point(label: "dp eps=8", values: [0.801, 0.5005], meets: true),
                CellTune.Point(label: "dp eps=16", values: [0.90, 0.60], meets: true),
            ])
        let chart = ParetoChart(title: "front", tune: tune)
        let names = ["dp eps=1", "dp eps=4", "dp eps=8", "dp eps=16"]
        let boxes = Self.drawnLabelBoxes(chart.svg(), labels: names)
        #expect(boxes.count == 4, "\(boxes)")
        let four = try #require(boxes["dp eps=4"])
        let eight = try #require(boxes["dp eps=8"])
        let overlapX = min(four[2], eight[2]) - max(four[0], eight[0])
        let overlapY = min(four[3], eight[3]) - max(four[1], eight[1])
        #expect(overlapX <= 0 || overlapY <= 0, "dp eps=4 \(four) and dp eps=8 \(eight)")
        // No two labels overlap, and every label stays on the 600 px wide chart.
        let labels = chart.labels
        #expect(labels.map(\.text) == names)
        for (index, label) in labels.enumerated() {
            #expect(label.left >= 0 && label.right <= 600)
            for other in labels[(index + 1)...] {
                #expect(!label.intersects(other), "\(label.text) over \(other.text)")
            }
        }
        // A label with room keeps its place above right of its dot (7 px right, 6 px up).
        let first = try #require(chart.placed.first)
        #expect(labels[0].anchor == .start && labels[0].x == first.x + 7)
        #expect(labels[0].y == first.y - 6)
    }

    @Test func reportDrawsOneChartPerExtraMetricOfATune() {
        var three = Self.tune
        three.metrics.append(
            CellTune.Metric(name: "dp.epsilon", direction: .lowerIsBetter, bounds: []))
        for index in three.points.indices { three.points[index].values.append(1) }
        let cells = [
            CellRecord(number: 1, source: "tune …", outputs: [], tunes: [Self.tune]),
            CellRecord(number: 2, source: "tune …", outputs: [], tunes: [three]),
            CellRecord(number: 3, source: "measure accuracy", outputs: []),
        ]
        let report = NotebookReport(cells: cells, ledger: Ledger(rows: []))
        let html = report.html()
        #expect(count("class=\"chart pareto-chart\"", in: html) == 3)
        #expect(html.contains("tune dp: mia.lira.auc against accuracy, cell 1"))
        #expect(html.contains("tune dp: dp.epsilon against accuracy, cell 2"))
        let (text, files) = report.markdown(chartStem: "session")
        let charts = files.filter { $0.name.hasSuffix("-tune.svg") }
        #expect(charts.count == 3)
        for file in charts { #expect(text.contains(file.name)) }
    }
}
