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
    /// The curves, drawn in order, one per model: a curve repeated under the same label (the
    /// baseline of several attacks in one cell) is kept once.
    public var series: [Series]
    /// Width in pixels; the height follows from it and the legend.
    public var width: Double

    /// A chart of `series`, each model once.
    ///
    /// Exact repeats (same label, same curve) are dropped, and a label that returns with
    /// another curve gets a count: `m (2)`, `m (3)` …
    public init(title: String, series: [Series], width: Double = 600) {
        self.title = title
        var kept: [Series] = []
        for entry in series where !kept.contains(entry) {
            var entry = entry
            let sameLabel = kept.filter {
                $0.label == entry.label || $0.label.hasPrefix(entry.label + " (")
            }
            if !sameLabel.isEmpty { entry.label += " (\(sameLabel.count + 1))" }
            kept.append(entry)
        }
        self.series = kept
        self.width = width
    }

    /// Size and margins: a square-ish plot, the legend below the x-axis title.
    public var frame: ChartFrame {
        let legend = ChartLegend.height(series.count)
        return ChartFrame(width: width, height: 400 + legend, bottom: 50 + legend)
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

    /// The pixel points of a curve inside the log-log domain, consecutive duplicates (after
    /// rounding) dropped.
    ///
    /// A point with FPR or TPR below the axes' lower end (0 included) has no place on a log
    /// axis; clamping it onto the axis drew boxes along both axes, so the curve starts at its
    /// first point inside the plot instead.
    public func points(_ curve: ROCCurve) -> [(x: Double, y: Double)] {
        let x = xScale
        let y = yScale
        let lowest = minimumRate
        var points: [(x: Double, y: Double)] = []
        var last = ""
        for i in curve.falsePositiveRates.indices where i < curve.truePositiveRates.count {
            let fpr = curve.falsePositiveRates[i]
            let tpr = curve.truePositiveRates[i]
            guard fpr >= lowest * (1 - 1e-9), tpr >= lowest * (1 - 1e-9) else { continue }
            let point = (x: x.position(fpr), y: y.position(tpr))
            let key = SVGDocument.number(point.x) + "," + SVGDocument.number(point.y)
            if key != last { points.append(point) }
            last = key
        }
        return points
    }

    /// The legend entries: each model's label with its AUC, colour and dash.
    public var legend: [ChartLegend.Entry] {
        series.enumerated().map { index, entry in
            ChartLegend.Entry(
                label: "\(entry.label) (AUC \(TableCell.format(entry.curve.auc, digits: 3)))",
                color: ChartPalette.color(index), dash: ChartPalette.dash(index))
        }
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        let frame = frame
        var svg = SVGDocument(
            width: frame.width, height: frame.height, title: title, className: "chart roc-chart")
        let x = xScale
        let y = yScale
        svg.drawAxes(
            frame: frame, x: x, y: y, xTitle: "false-positive rate (log)",
            yTitle: "true-positive rate (log)")
        svg.line(
            x1: x.position(minimumRate), y1: y.position(minimumRate), x2: x.position(1),
            y2: y.position(1), stroke: ChartPalette.neutral, dash: "4 3", className: "chance")
        for (index, entry) in series.enumerated() {
            svg.polyline(
                points(entry.curve), stroke: ChartPalette.color(index),
                dash: ChartPalette.dash(index), className: "roc-curve plot-line")
        }
        svg.drawLegend(
            legend, x: frame.plotLeft, y: frame.plotBottom + 46,
            maxCharacters: ChartLegend.characters(fitting: frame.width - frame.plotLeft))
        return svg
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
