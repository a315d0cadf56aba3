import AmuletNotebook
import AmuletTensor
import Foundation
import Testing

/// Chart geometry checked against coordinates computed by hand from the frame and log10.
///
/// The ROC chart's frame is 600 × (400 + legend) with margins left 64, right 20, top 34 and
/// bottom 50 + legend (17 px a legend line + 10), so with one curve the plot spans x 64…580
/// (516 px) and y 350…34 (316 px, upwards).
@Suite struct ChartTests {
    /// The value of attribute `name` in the first element of `kind` carrying `marker`.
    func attribute(_ name: String, of kind: String, containing marker: String, in svg: String)
        -> String?
    {
        for line in svg.split(separator: "\n") where line.hasPrefix("<\(kind) ") {
            guard line.contains(marker) else { continue }
            guard let start = line.range(of: " \(name)=\"") else { return nil }
            let rest = line[start.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        return nil
    }

    @Test func logScalePlacesEachDecadeAtAnEqualShareOfTheAxis() {
        let scale = ChartScale(domain: 0.001...1, start: 56, end: 464, logarithmic: true)
        // log10(0.01) = −2 is one third of the way from −3 to 0: 56 + 408/3 = 192.
        #expect(abs(scale.position(0.01) - 192) < 1e-9)
        #expect(abs(scale.position(0.1) - 328) < 1e-9)
        #expect(scale.position(1) == 464)
        #expect(scale.position(0) == 56, "values below the domain sit on the axis")
        #expect(scale.ticks() == [0.001, 0.01, 0.1, 1])
        #expect(scale.ticks().map(scale.label) == ["0.001", "0.01", "0.1", "1"])
    }

    @Test func linearScaleTicksAreRoundSteps() {
        let y = ChartScale(domain: 0...1, start: 274, end: 30)
        #expect(abs(y.position(0.8) - 78.8) < 1e-9)
        let ticks = y.ticks()
        #expect(ticks.count == 6)
        for (tick, expected) in zip(ticks, [0, 0.2, 0.4, 0.6, 0.8, 1.0]) {
            #expect(abs(tick - expected) < 1e-12)
        }
        #expect(y.label(0.4) == "0.4")
        let wide = ChartScale(domain: -0.04...0.04, start: 0, end: 100)
        #expect(wide.ticks(count: 4).count == 5)
        #expect(wide.label(-0.02) == "−0.02", "the typographic minus, as the tables write it")
    }

    @Test func rocCurveLandsWhereLog10Says() {
        var curve = ROCCurve(scores: [1.0, 0.0], isPositive: [true, false])
        curve.falsePositiveRates = [0, 0.001, 0.01, 1]
        curve.truePositiveRates = [0, 0.05, 0.1, 1]
        curve.thresholds = [.infinity, 3, 2, 1]
        let chart = ROCChart(
            title: "roc", series: [ROCChart.Series(label: "baseline", curve: curve)])
        #expect(chart.minimumRate == 0.001)
        #expect(chart.frame.plotBottom == 350 && chart.frame.plotRight == 580)
        let svg = chart.svg()
        // (0, 0) has no place on log axes and is left out; FPR 0.001 sits on the left edge,
        // TPR 0.05 at 350 − 316·log10(50)/3 = 171.04; FPR 0.01 at 64 + 516/3 = 236, TPR 0.1 at
        // 350 − 316·2/3 = 139.33.
        #expect(
            attribute("points", of: "polyline", containing: "roc-curve", in: svg)
                == "64,171.04 236,139.33 580,34")
        #expect(
            svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart roc-chart\""))
        #expect(svg.contains("<title>roc</title>"))
        #expect(svg.hasSuffix("</svg>"))
        // The chance diagonal runs corner to corner.
        #expect(svg.contains("<line x1=\"64\" y1=\"350\" x2=\"580\" y2=\"34\""))
        // AUC in the legend: trapezoids 0.001·0.025 + 0.009·0.075 + 0.99·0.55 = 0.5452.
        #expect(svg.contains("baseline (AUC 0.545)"))
    }

    @Test func rocAxesReachDownToTheSmallestFalsePositiveRate() {
        let scores = (0..<2000).map { Double($0) }
        let labels = (0..<2000).map { $0 % 2 == 0 }
        let chart = ROCChart(
            title: "t",
            series: [
                ROCChart.Series(label: "a", curve: ROCCurve(scores: scores, isPositive: labels))
            ])
        // 1000 negatives: the smallest positive FPR is 1/1000.
        #expect(chart.minimumRate == 0.001)
        let empty = ROCChart(title: "t", series: [])
        #expect(empty.minimumRate == 0.001)
    }

    @Test func groupBarsHaveHandComputedRectanglesAndNoBarForUndefined() {
        let chart = GroupBarChart(
            title: "selection rate by sex", valueTitle: "rate", groups: ["A", "B"],
            series: [
                GroupBarChart.Series(label: "baseline", values: [0.5, nil]),
                GroupBarChart.Series(label: "defended", values: [0.25, 1.0]),
            ])
        // Band = 2 bars × 14 + 8 = 36; bar height 12; plot x 64…552 (488 px; 48 px right
        // margin); the first band starts at the top margin 34, its first bar 4 px lower.
        let first = chart.bar(group: 0, series: 0)
        #expect(first?.x == 64 && first?.y == 38 && first?.width == 244 && first?.height == 12)
        let last = chart.bar(group: 1, series: 1)
        #expect(last?.y == 88 && last?.width == 488)
        #expect(chart.bar(group: 1, series: 0) == nil)
        let svg = chart.svg()
        #expect(svg.contains("<rect x=\"64\" y=\"38\" width=\"244\" height=\"12\""))
        #expect(svg.contains("<rect x=\"64\" y=\"52\" width=\"122\" height=\"12\""))
        #expect(svg.contains(">–</text>"), "an undefined value is marked, not drawn as 0")
        #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 3)
        // Plot 72, x-axis room 50, legend 2 × 17 + 10.
        #expect(chart.frame.height == 34 + 72 + 50 + 44)
    }

    @Test func deltaBarsGoFromZeroAndAreColouredByMeaningNotSign() {
        let chart = DeltaBarChart(
            title: "Δ",
            entries: [
                DeltaBarChart.Entry(label: "accuracy", delta: -0.04, verdict: .worse, group: "u"),
                DeltaBarChart.Entry(label: "mia.auc", delta: -0.02, verdict: .better, group: "u"),
            ])
        // |Δ| ≤ 0.04, step 0.02: axis −0.04…0.04. The left margin fits "accuracy" at 12 px,
        // 0.58 em a character: 14 + 8 · 6.96 = 69.7, rounded up to 70; the right one is 78, so
        // x runs 70…522 (452 px), zero at 296.
        #expect(abs(chart.scale(group: 0).domain.upperBound - 0.04) < 1e-12)
        #expect(abs(chart.scale(group: 0).domain.lowerBound + 0.04) < 1e-12)
        let worse = chart.bar(0)
        #expect(abs(worse.x - 70) < 1e-9 && abs(worse.width - 226) < 1e-9)
        let better = chart.bar(1)
        #expect(abs(better.x - 183) < 1e-9 && abs(better.width - 113) < 1e-9)
        let svg = chart.svg()
        #expect(svg.contains("width=\"226\" height=\"14\" fill=\"\(ChartPalette.worse)\""))
        #expect(svg.contains("width=\"113\" height=\"14\" fill=\"\(ChartPalette.better)\""))
        #expect(svg.contains("−0.040"))
    }

    @Test func aTestedDeltaChartSaysItsStarIsUncorrected() {
        let untested = [
            DeltaBarChart.Entry(label: "onion", delta: -0.5, verdict: .better, group: "asr")
        ]
        var tested = untested
        tested[0].significant = true
        let (plain, marked) = (
            DeltaBarChart(title: "Δ", entries: untested), DeltaBarChart(title: "Δ", entries: tested)
        )
        #expect(!plain.svg().contains("not corrected"))
        #expect(marked.svg().contains("−0.500*"))
        #expect(marked.svg().contains("* p &lt; 0.05 for this Δ alone, not corrected"))
        // One more 15-px line for the note.
        #expect(marked.height == plain.height + 15)
    }

    @Test func frontierPutsEpsilonOnALogAxisAndDropsInfiniteEpsilon() {
        let chart = FrontierChart(
            title: "frontier",
            panels: [
                FrontierChart.Panel(
                    metric: "accuracy",
                    points: [
                        .init(epsilon: 8, value: 0.8), .init(epsilon: 0.5, value: 0.6),
                        .init(epsilon: .infinity, value: 0.9), .init(epsilon: 1, value: 0.7),
                    ], reference: 1.0)
            ], referenceLabel: "no dp")
        #expect(chart.panels[0].points.map(\.epsilon) == [0.5, 1, 8])
        #expect(abs(chart.epsilonScale.domain.lowerBound - 0.1) < 1e-12)
        #expect(abs(chart.epsilonScale.domain.upperBound - 10) < 1e-12)
        // Values 0.6…1.0: step 0.1, axis 0.6…1.0 (0.6 is more than a fifth of the range from 0,
        // so the axis starts there, with a break mark). Panel 0: plot x 72…580 (508 px),
        // y 174…54 (120 px; the chart's title takes 24 px and the panel's own 30 px).
        // x = 72 + 508·(log10 ε + 1)/2; y = 174 − 120·(value − 0.6)/0.4.
        let expected: [(Double, Double)] = [(249.54, 174), (326, 144), (555.38, 114)]
        let path = chart.path(0)
        #expect(path.count == 3)
        for (point, want) in zip(path, expected) {
            #expect(abs(point.x - want.0) < 0.01 && abs(point.y - want.1) < 0.01, "\(point)")
        }
        let svg = chart.svg()
        #expect(svg.contains("class=\"chart frontier-chart\""))
        #expect(svg.contains("axis-break"), "an axis not starting at 0 shows a break")
        // The reference 1.0 is a dashed line at the top of the plot, y = 54.
        #expect(svg.contains("y1=\"54\" x2=\"580\" y2=\"54\""))
    }

    @Test func svgTextIsEscaped() {
        var document = SVGDocument(width: 10, height: 10, title: "a<b & \"c\"", className: "x")
        document.text("<script>", x: 1, y: 2)
        let svg = document.render()
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("<title>a&lt;b &amp; &quot;c&quot;</title>"))
        #expect(SVGDocument.number(12.504) == "12.5")
        #expect(SVGDocument.number(-0.001) == "0")
    }
}
