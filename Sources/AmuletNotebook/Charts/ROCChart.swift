import AmuletTensor
import Foundation

/// ROC curves of membership-inference attacks on log-log axes.
///
/// Both axes run from `minimumRate` to 1 by log10, so the low-FPR regime where an attack is
/// confident about a few members takes as much room as the rest of the curve; rates below
/// the minimum (0 included) sit on the axis. The dashed diagonal is guessing (TPR = FPR).
///
/// Reference: Carlini et al., "Membership Inference Attacks From First Principles", IEEE S&P
/// 2022, §3 (report TPR at low FPR on log-log ROC curves).
public struct ROCChart: Sendable, Equatable {
    /// One curve and its legend label.
    public struct Series: Sendable, Equatable {
        /// The legend label, such as `baseline: lira`.
        public var label: String
        /// The curve.
        public var curve: ROCCurve

        /// A labelled curve.
        public init(label: String, curve: ROCCurve) {
            self.label = label
            self.curve = curve
        }
    }

    /// The chart's title.
    public var title: String
    /// The curves, drawn in order.
    public var series: [Series]
    /// Size and margins.
    public var frame: ChartFrame

    /// A chart of `series`.
    public init(title: String, series: [Series], frame: ChartFrame = ChartFrame()) {
        self.title = title
        self.series = series
        self.frame = frame
    }

    /// The lower end of both axes: the smallest positive FPR of any curve rounded down to a
    /// power of ten, kept within 10⁻⁵…10⁻¹; 10⁻³ when no curve has a positive FPR.
    public var minimumRate: Double {
        let smallest = series.flatMap { $0.curve.falsePositiveRates }.filter { $0 > 0 }.min()
        guard let smallest else { return 1e-3 }
        return min(1e-1, max(1e-5, pow(10, floor(log10(smallest) + 1e-9))))
    }

    /// The x (FPR) scale.
    public var xScale: ChartScale {
        ChartScale(
            domain: minimumRate...1, start: frame.plotLeft, end: frame.plotRight, logarithmic: true)
    }

    /// The y (TPR) scale.
    public var yScale: ChartScale {
        ChartScale(
            domain: minimumRate...1, start: frame.plotBottom, end: frame.plotTop, logarithmic: true)
    }

    /// The pixel points of a curve, consecutive duplicates (after rounding) dropped.
    public func points(_ curve: ROCCurve) -> [(x: Double, y: Double)] {
        let x = xScale
        let y = yScale
        var points: [(x: Double, y: Double)] = []
        var last = ""
        for i in curve.falsePositiveRates.indices where i < curve.truePositiveRates.count {
            let point = (
                x: x.position(curve.falsePositiveRates[i]),
                y: y.position(curve.truePositiveRates[i])
            )
            let key = SVGDocument.number(point.x) + "," + SVGDocument.number(point.y)
            if key != last { points.append(point) }
            last = key
        }
        return points
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        var svg = SVGDocument(
            width: frame.width, height: frame.height, title: title, className: "chart roc-chart")
        let x = xScale
        let y = yScale
        svg.drawAxes(
            frame: frame, x: x, y: y, xTitle: "false-positive rate (log)",
            yTitle: "true-positive rate (log)")
        svg.line(
            x1: x.position(minimumRate), y1: y.position(minimumRate), x2: x.position(1),
            y2: y.position(1), stroke: ChartPalette.neutral, dash: "4 3")
        var legend: [(label: String, color: String)] = []
        for (index, entry) in series.enumerated() {
            let color = ChartPalette.color(index)
            svg.polyline(points(entry.curve), stroke: color, className: "roc-curve")
            let label = entry.label.count > 52 ? String(entry.label.prefix(51)) + "…" : entry.label
            legend.append(
                ("\(label) (AUC \(TableCell.format(entry.curve.auc, digits: 3)))", color))
        }
        // Bottom right, below the chance diagonal, where curves rarely go; right-aligned by an
        // estimate of the text's width (about 5.6 px a character at 10 px).
        let longest = legend.map(\.label.count).max() ?? 0
        let legendLeft = max(frame.plotLeft + 8, frame.plotRight - 20 - 5.6 * Double(longest))
        let legendTop = frame.plotBottom - 8 - Double(legend.count) * 15
        svg.drawLegend(legend, x: legendLeft, y: legendTop)
        return svg
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
