import Foundation

/// The privacy–utility frontier of a sweep: each headline metric against ε, one small panel
/// per metric.
///
/// ε runs along a log10 axis (sweeps double it: 0.5, 1, 2, 4, 8) between the powers of ten
/// around the sweep. Every panel has its own y axis fitted to its values (`ChartScale.fitted`,
/// with a break mark when it does not start at 0), so accuracy moving from 0.81 to 0.83 fills
/// its panel instead of a fiftieth of a shared 0–1 axis. The dashed line is the model trained
/// without differential privacy, whose ε is infinite and so has no place on the axis.
///
/// Reference: Abadi et al., "Deep Learning with Differential Privacy", CCS 2016 (accuracy
/// against ε); Jayaraman and Evans, "Evaluating Differentially Private Machine Learning in
/// Practice", USENIX Security 2019 (attack advantage against ε).
public struct FrontierChart: Sendable, Equatable {
    /// One metric against ε.
    public struct Panel: Sendable, Equatable {
        /// The metric's shown name.
        public var metric: String
        /// (ε, value) of each model of the sweep, by increasing ε.
        public var points: [Point]
        /// The value of the model without the budget, drawn dashed; nil when not measured.
        public var reference: Double?

        /// A panel; points with a non-positive or infinite ε are left out.
        public init(metric: String, points: [Point], reference: Double? = nil) {
            self.metric = metric
            self.points = points.filter {
                $0.epsilon > 0 && $0.epsilon.isFinite && $0.value.isFinite
            }
            .sorted { $0.epsilon < $1.epsilon }
            self.reference = reference
        }
    }

    /// One model of the sweep in one panel.
    public struct Point: Sendable, Equatable {
        /// ε spent by training.
        public var epsilon: Double
        /// The metric's mean.
        public var value: Double

        /// A point.
        public init(epsilon: Double, value: Double) {
            self.epsilon = epsilon
            self.value = value
        }
    }

    /// The chart's title.
    public var title: String
    /// The panels, top to bottom.
    public var panels: [Panel]
    /// The label of the model without the budget, for the legend.
    public var referenceLabel: String?
    /// Width in pixels.
    public var width: Double

    /// Height of one panel's plot area.
    public static let panelPlotHeight = 120.0
    /// Height of one panel with its title and tick labels.
    public static let panelHeight = 190.0
    /// Room above the first panel (the chart's title).
    static let titleHeight = 24.0

    /// A chart.
    public init(
        title: String, panels: [Panel], referenceLabel: String? = nil, width: Double = 600
    ) {
        self.title = title
        self.panels = panels.filter { !$0.points.isEmpty }
        self.referenceLabel = referenceLabel
        self.width = width
    }

    /// The legend: the sweep's line and, when measured, the dashed model without DP.
    public var legend: [ChartLegend.Entry] {
        var entries = [
            ChartLegend.Entry(label: "with the budget, by ε", color: ChartPalette.color(0))
        ]
        if panels.contains(where: { $0.reference != nil }) {
            entries.append(
                ChartLegend.Entry(
                    label: "without: " + (referenceLabel ?? "reference"),
                    color: ChartPalette.color(1), dash: ChartPalette.dash(1)))
        }
        return entries
    }

    /// The frame of panel `index` inside the whole chart.
    public func frame(_ index: Int) -> ChartFrame {
        let top = Self.titleHeight + Double(index) * Self.panelHeight
        return ChartFrame(
            width: width, height: top + Self.panelHeight, left: 72, right: 20, top: top + 30,
            bottom: Self.panelHeight - 30 - Self.panelPlotHeight)
    }

    /// The whole chart's height: the panels and the legend.
    public var height: Double {
        Self.titleHeight + Double(panels.count) * Self.panelHeight
            + ChartLegend.height(legend.count)
    }

    /// The ε scale: log10 between the powers of ten below the smallest and above the largest ε.
    public var epsilonScale: ChartScale {
        let values = panels.flatMap { $0.points.map(\.epsilon) }
        var lower = pow(10, floor(log10(values.min() ?? 1) + 1e-9))
        var upper = pow(10, ceil(log10(values.max() ?? 10) - 1e-9))
        if upper <= lower {
            lower /= 10
            upper *= 10
        }
        let frame = frame(0)
        return ChartScale(
            domain: lower...upper, start: frame.plotLeft, end: frame.plotRight, logarithmic: true)
    }

    /// The y scale of panel `index`, fitted to its values and its reference.
    public func valueScale(_ index: Int) -> ChartScale {
        let panel = panels[index]
        let frame = frame(index)
        return ChartScale.fitted(
            panel.points.map(\.value) + (panel.reference.map { [$0] } ?? []),
            start: frame.plotBottom, end: frame.plotTop)
    }

    /// The pixel points of panel `index`, by increasing ε.
    public func path(_ index: Int) -> [(x: Double, y: Double)] {
        let x = epsilonScale
        let y = valueScale(index)
        return panels[index].points.map { (x: x.position($0.epsilon), y: y.position($0.value)) }
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        var svg = SVGDocument(
            width: width, height: height, title: title, className: "chart frontier-chart")
        svg.text(title, x: 8, y: 18, size: ChartText.title, bold: true)
        let x = epsilonScale
        for (index, panel) in panels.enumerated() {
            let frame = frame(index)
            let y = valueScale(index)
            var panelSVG = SVGDocument(
                width: width, height: frame.height, title: panel.metric, className: "")
            panelSVG.drawAxes(frame: frame, x: x, y: y, xTitle: "ε (log)", yTitle: "mean")
            for element in panelSVG.elements { svg.raw(element) }
            if let reference = panel.reference {
                svg.line(
                    x1: frame.plotLeft, y1: y.position(reference), x2: frame.plotRight,
                    y2: y.position(reference), stroke: ChartPalette.color(1), width: 2,
                    dash: ChartPalette.dash(1), className: "plot-line reference-line")
            }
            let line = path(index)
            svg.polyline(
                line, stroke: ChartPalette.color(0), className: "frontier-line plot-line")
            for (point, placed) in zip(panel.points, line) {
                svg.circle(
                    x: placed.x, y: placed.y, radius: 3.5, fill: ChartPalette.color(0),
                    tooltip: "ε = \(TableCell.format(point.epsilon, digits: 2)): "
                        + TableCell.format(point.value, digits: 3))
            }
        }
        let legendTop = Self.titleHeight + Double(panels.count) * Self.panelHeight
        svg.drawLegend(
            legend, x: 72, y: legendTop,
            maxCharacters: ChartLegend.characters(fitting: width - 72))
        return svg
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
