import AmuletNotebook
import AmuletTensor
import Foundation
import Testing

/// Chart geometry checked against coordinates computed by hand from the frame and log10.
///
/// The default frame is 480 × 320 with margins left 56, right 16, top 30, bottom 46, so the
/// plot spans x 56…464 (408 px) and y 274…30 (244 px, upwards).
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
    }

    @Test func rocCurveLandsWhereLog10Says() {
        var curve = ROCCurve(scores: [1.0, 0.0], isPositive: [true, false])
        curve.falsePositiveRates = [0, 0.001, 0.01, 1]
        curve.truePositiveRates = [0, 0.05, 0.1, 1]
        curve.thresholds = [.infinity, 3, 2, 1]
        let chart = ROCChart(
            title: "roc", series: [ROCChart.Series(label: "baseline", curve: curve)])
        #expect(chart.minimumRate == 0.001)
        let svg = chart.svg()
        // (0, 0) clamps to the corner (56, 274); FPR 0.001 sits on the left edge, TPR 0.05 at
        // 274 − 244·log10(50)/3 = 135.82; FPR 0.01 at 192, TPR 0.1 at 274 − 244·2/3 = 111.33.
        #expect(
            attribute("points", of: "polyline", containing: "roc-curve", in: svg)
                == "56,274 56,135.82 192,111.33 464,30")
        #expect(
            svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart roc-chart\""))
        #expect(svg.contains("<title>roc</title>"))
        #expect(svg.hasSuffix("</svg>"))
        // The chance diagonal runs corner to corner.
        #expect(svg.contains("<line x1=\"56\" y1=\"274\" x2=\"464\" y2=\"30\""))
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
        // Band = 2 bars × 12 + 8 = 32; bar height 10; plot x 56…440 (384 px; 40 px right margin).
        let first = chart.bar(group: 0, series: 0)
        #expect(first?.x == 56 && first?.y == 34 && first?.width == 192 && first?.height == 10)
        let last = chart.bar(group: 1, series: 1)
        #expect(last?.y == 78 && last?.width == 384)
        #expect(chart.bar(group: 1, series: 0) == nil)
        let svg = chart.svg()
        #expect(svg.contains("<rect x=\"56\" y=\"34\" width=\"192\" height=\"10\""))
        #expect(svg.contains("<rect x=\"56\" y=\"46\" width=\"96\" height=\"10\""))
        #expect(svg.contains(">–</text>"), "an undefined value is marked, not drawn as 0")
        #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 3)
        #expect(chart.frame.height == 30 + 64 + 46 + 36)
    }

    @Test func deltaBarsGoFromZeroAndAreColouredByMeaningNotSign() {
        let chart = DeltaBarChart(
            title: "Δ",
            entries: [
                DeltaBarChart.Entry(label: "accuracy", delta: -0.04, verdict: .worse),
                DeltaBarChart.Entry(label: "mia.auc", delta: -0.02, verdict: .better),
            ])
        // |Δ| ≤ 0.04, step 0.02: axis −0.04…0.04. The left margin fits "accuracy":
        // 12 + 6.2·8 = 61.6, the right one is 60, so x runs 61.6…460 (398.4 px), zero at 260.8.
        #expect(abs(chart.scale.domain.upperBound - 0.04) < 1e-12)
        #expect(abs(chart.scale.domain.lowerBound + 0.04) < 1e-12)
        let worse = chart.bar(0)
        #expect(abs(worse.x - 61.6) < 1e-9 && abs(worse.width - 199.2) < 1e-9)
        let better = chart.bar(1)
        #expect(abs(better.x - 161.2) < 1e-9 && abs(better.width - 99.6) < 1e-9)
        let svg = chart.svg()
        #expect(svg.contains("width=\"199.2\" height=\"14\" fill=\"\(ChartPalette.worse)\""))
        #expect(svg.contains("width=\"99.6\" height=\"14\" fill=\"\(ChartPalette.better)\""))
        #expect(svg.contains("−0.040"))
    }

    @Test func frontierPutsEpsilonOnALogAxisAndDropsInfiniteEpsilon() {
        let chart = FrontierChart(
            title: "frontier",
            points: [
                .init(label: "eps=8", epsilon: 8, accuracy: 0.82, attackAUC: 0.55),
                .init(label: "eps=0.5", epsilon: 0.5, accuracy: 0.7, attackAUC: 0.5),
                .init(label: "no dp", epsilon: .infinity, accuracy: 0.85, attackAUC: 0.6),
                .init(label: "eps=1", epsilon: 1, accuracy: 0.75, attackAUC: nil),
            ], referenceAccuracy: 0.85, referenceAUC: 0.6)
        #expect(chart.points.map(\.epsilon) == [0.5, 1, 8])
        #expect(abs(chart.epsilonScale.domain.lowerBound - 0.1) < 1e-12)
        #expect(abs(chart.epsilonScale.domain.upperBound - 10) < 1e-12)
        // x = 56 + 408·(log10 ε + 1)/2; y = 274 − 244·value.
        let accuracy = chart.path(\.accuracy)
        let expected: [(Double, Double)] = [(198.59, 103.2), (260, 91), (444.23, 73.92)]
        #expect(accuracy.count == 3)
        for (point, want) in zip(accuracy, expected) {
            #expect(abs(point.x - want.0) < 0.01 && abs(point.y - want.1) < 0.01)
        }
        #expect(chart.path(\.attackAUC).count == 2, "a missing AUC leaves a gap, not a zero")
        let svg = chart.svg()
        #expect(svg.contains("class=\"chart frontier-chart\""))
        // The reference accuracy 0.85 is a dashed line at y = 274 − 207.4 = 66.6.
        #expect(svg.contains("y1=\"66.6\" x2=\"464\" y2=\"66.6\""))
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
