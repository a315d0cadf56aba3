import AmuletRisks
import Foundation

/// A `tune`'s settings on two of its constrained metrics, with the Pareto front.
///
/// Each setting is a labelled dot (the label on a side where it covers no other label or
/// dot: `labels`); settings that fail a constraint are grey; settings on the
/// front (over every constrained metric, not only the two drawn) are ringed and joined by a
/// line in order of the x metric; each constraint on a drawn metric is a dashed line at its
/// bound. Both axes are linear over the values and bounds, padded by a tenth of their span.
///
/// Reference: Deb, "Multi-Objective Optimization using Evolutionary Algorithms" (2001), §2.4
/// (Pareto-optimal set); Amulet, arXiv 2509.12386 (choosing defense settings under risks).
public struct ParetoChart: Sendable, Equatable {
    /// The chart's title.
    public var title: String
    /// The tune drawn.
    public var tune: CellTune
    /// The metric on the x axis, an index into `tune.metrics`.
    public var xMetric: Int
    /// The metric on the y axis, an index into `tune.metrics`.
    public var yMetric: Int
    /// Size and margins.
    public var frame: ChartFrame

    /// A chart of `tune` over metrics `xMetric` and `yMetric`.
    public init(
        title: String, tune: CellTune, xMetric: Int = 0, yMetric: Int = 1,
        frame: ChartFrame = ChartFrame(
            width: 600, height: 400 + ChartLegend.height(3), bottom: 50 + ChartLegend.height(3))
    ) {
        self.title = title
        self.tune = tune
        self.xMetric = xMetric
        self.yMetric = yMetric
        self.frame = frame
    }

    /// A setting placed on the chart.
    public struct Placed: Sendable, Equatable {
        /// The setting's label.
        public var label: String
        /// Its pixel position.
        public var x: Double
        /// Its pixel position.
        public var y: Double
        /// Whether it meets every constraint.
        public var meets: Bool
        /// Whether it is on the front.
        public var onFront: Bool
    }

    /// The scale of metric `index` from `start` to `end` pixels.
    func scale(_ index: Int, start: Double, end: Double) -> ChartScale {
        var values = tune.points.compactMap { point -> Double? in
            guard index < point.values.count, let value = point.values[index], value.isFinite
            else { return nil }
            return value
        }
        if index < tune.metrics.count {
            values += tune.metrics[index].bounds.map(\.value).filter(\.isFinite)
        }
        var lower = values.min() ?? 0
        var upper = values.max() ?? 1
        let pad = max((upper - lower) / 10, 0.005 * max(1, abs(upper)))
        lower -= pad
        upper += pad
        return ChartScale(domain: lower...upper, start: start, end: end)
    }

    /// The x scale.
    public var xScale: ChartScale { scale(xMetric, start: frame.plotLeft, end: frame.plotRight) }

    /// The y scale.
    public var yScale: ChartScale {
        scale(yMetric, start: frame.plotBottom, end: frame.plotTop)
    }

    /// The settings with both drawn values defined, in sweep order.
    public var placed: [Placed] {
        let x = xScale
        let y = yScale
        let front = tune.front
        return tune.points.indices.compactMap { index -> Placed? in
            let point = tune.points[index]
            guard xMetric < point.values.count, yMetric < point.values.count,
                let xValue = point.values[xMetric], let yValue = point.values[yMetric],
                xValue.isFinite, yValue.isFinite
            else { return nil }
            return Placed(
                label: point.label, x: x.position(xValue), y: y.position(yValue),
                meets: point.meets, onFront: front[index])
        }
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        var svg = SVGDocument(
            width: frame.width, height: frame.height, title: title,
            className: "chart pareto-chart")
        let x = xScale
        let y = yScale
        let xName = tune.metrics.indices.contains(xMetric) ? tune.metrics[xMetric].name : "x"
        let yName = tune.metrics.indices.contains(yMetric) ? tune.metrics[yMetric].name : "y"
        svg.drawAxes(frame: frame, x: x, y: y, xTitle: xName, yTitle: yName)
        drawBounds(&svg, x: x, y: y, xName: xName, yName: yName)
        let points = placed
        let front = points.filter(\.onFront).sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        if front.count > 1 {
            svg.polyline(
                front.map { (x: $0.x, y: $0.y) }, stroke: ChartPalette.color(1), width: 1.5,
                className: "tune-front-line plot-line")
        }
        for (point, label) in zip(points, labels) {
            let fill = point.meets ? ChartPalette.color(0) : Self.failing
            let state = point.meets ? "meets every constraint" : "fails a constraint"
            svg.circle(
                x: point.x, y: point.y, radius: point.onFront ? 5 : 4, fill: fill,
                stroke: point.onFront ? ChartPalette.color(1) : nil,
                className: point.onFront ? "tune-point tune-front" : "tune-point",
                tooltip: "\(point.label): \(state)" + (point.onFront ? ", on the front" : ""))
            svg.text(
                label.text, x: label.x, y: label.y, anchor: label.anchor, size: ChartText.label,
                fill: point.meets ? "#333" : Self.failing)
        }
        svg.drawLegend(
            [
                ChartLegend.Entry(label: "on the Pareto front", color: ChartPalette.color(1)),
                ChartLegend.Entry(
                    label: "meets every constraint", color: ChartPalette.color(0), swatch: .box),
                ChartLegend.Entry(label: "fails a constraint", color: Self.failing, swatch: .box),
            ], x: frame.plotLeft, y: frame.plotBottom + 46)
        return svg
    }

    /// The grey of settings that fail a constraint.
    static let failing = "#b0b0b0"

    /// A dashed line at each bound on a drawn metric, labelled with the constraint.
    private func drawBounds(
        _ svg: inout SVGDocument, x: ChartScale, y: ChartScale, xName: String, yName: String
    ) {
        if tune.metrics.indices.contains(xMetric) {
            for bound in tune.metrics[xMetric].bounds where bound.value.isFinite {
                let position = x.position(bound.value)
                svg.line(
                    x1: position, y1: frame.plotTop, x2: position, y2: frame.plotBottom,
                    stroke: ChartPalette.worse, dash: "5 3", className: "tune-bound")
                svg.text(
                    "\(xName) \(bound.comparison) \(TableCell.format(bound.value, digits: 3))",
                    x: position + 3, y: frame.plotBottom - 6, size: ChartText.label,
                    fill: ChartPalette.worse)
            }
        }
        if tune.metrics.indices.contains(yMetric) {
            for bound in tune.metrics[yMetric].bounds where bound.value.isFinite {
                let position = y.position(bound.value)
                svg.line(
                    x1: frame.plotLeft, y1: position, x2: frame.plotRight, y2: position,
                    stroke: ChartPalette.worse, dash: "5 3", className: "tune-bound")
                svg.text(
                    "\(yName) \(bound.comparison) \(TableCell.format(bound.value, digits: 3))",
                    x: frame.plotLeft + 4, y: position - 4, size: ChartText.label,
                    fill: ChartPalette.worse)
            }
        }
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
