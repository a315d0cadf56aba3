import Foundation

/// Per-group bars for a fairness metric: one row per group, one bar per model.
///
/// Bars are horizontal so long group names (`race×sex=Amer-Indian-Eskimo×Female`) stay
/// readable. The value axis runs from 0 to 1 for rates (or to the largest value, rounded up,
/// when one exceeds 1). An undefined value (an empty group) draws no bar but a `–`, never a
/// bar of length 0 that would read as a rate of zero.
///
/// Reference: Hardt, Price and Srebro, "Equality of Opportunity in Supervised Learning",
/// NeurIPS 2016 (group-conditional rates); demographic parity compares selection rates.
public struct GroupBarChart: Sendable, Equatable {
    /// One model's values, one per group (nil when undefined).
    public struct Series: Sendable, Equatable {
        /// The legend label, such as the scenario.
        public var label: String
        /// Values in the order of `groups`.
        public var values: [Double?]

        /// A series.
        public init(label: String, values: [Double?]) {
            self.label = label
            self.values = values
        }
    }

    /// The chart's title.
    public var title: String
    /// What the bars measure, the value axis' title.
    public var valueTitle: String
    /// What the groups divide, such as `sex`; empty when not said.
    public var attribute: String = ""
    /// The group names, top to bottom.
    public var groups: [String]
    /// The models.
    public var series: [Series]

    /// Height of one bar in pixels.
    public static let barHeight = 14.0
    /// Space between groups in pixels.
    public static let groupGap = 8.0

    /// A chart.
    public init(title: String, valueTitle: String, groups: [String], series: [Series]) {
        self.title = title
        self.valueTitle = valueTitle
        self.groups = groups
        self.series = series
    }

    /// The widest the group names' column may be; a longer name is cut with `…` and kept
    /// whole in its tooltip.
    static let maximumLeft = 270.0

    /// The frame: a left margin fitting the widest group name (`ChartText.width`, at most
    /// `maximumLeft`), a right one for the value labels, a height fitting bars and legend.
    public var frame: ChartFrame {
        let widest = groups.map { ChartText.width($0) }.max() ?? 0
        let left = min(Self.maximumLeft, max(64, (14 + widest).rounded(.up)))
        let plotHeight = Double(groups.count) * bandHeight
        let legendHeight = ChartLegend.height(series.count)
        return ChartFrame(
            width: 600, height: 34 + plotHeight + 50 + legendHeight, left: left, right: 48,
            top: 34, bottom: 50 + legendHeight)
    }

    /// Height of one group's band.
    public var bandHeight: Double {
        Double(max(1, series.count)) * Self.barHeight + Self.groupGap
    }

    /// The value scale: 0 to 1, or to the largest value rounded up to a tick step.
    public var valueScale: ChartScale {
        let largest = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 1
        let upper =
            largest > 1
            ? (largest / ChartScale.niceStep(largest / 5)).rounded(.up)
                * ChartScale.niceStep(largest / 5) : 1
        let frame = frame
        return ChartScale(domain: 0...upper, start: frame.plotLeft, end: frame.plotRight)
    }

    /// The rectangle of the bar of `series` index `s` for group index `g`: (x, y, width, height).
    public func bar(group g: Int, series s: Int) -> (
        x: Double, y: Double, width: Double, height: Double
    )? {
        guard s < series.count, g < series[s].values.count, let value = series[s].values[g] else {
            return nil
        }
        let frame = frame
        let scale = valueScale
        let y =
            frame.plotTop + Double(g) * bandHeight + Self.groupGap / 2 + Double(s) * Self.barHeight
        return (frame.plotLeft, y, scale.position(value) - frame.plotLeft, Self.barHeight - 2)
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        let frame = frame
        var svg = SVGDocument(
            width: frame.width, height: frame.height, title: title,
            className: "chart group-bar-chart")
        let scale = valueScale
        svg.text(title, x: 8, y: frame.top - 12, size: ChartText.title, bold: true)
        for tick in scale.ticks() {
            let x = scale.position(tick)
            svg.line(
                x1: x, y1: frame.plotTop, x2: x, y2: frame.plotBottom, stroke: ChartPalette.grid)
            svg.text(
                scale.label(tick), x: x, y: frame.plotBottom + 16, anchor: .middle,
                size: ChartText.label)
        }
        for (g, group) in groups.enumerated() {
            let bandTop = frame.plotTop + Double(g) * bandHeight
            let shown = ChartText.lines(group, fitting: frame.plotLeft - 14, maxLines: 1)[0]
            svg.text(
                shown, x: frame.plotLeft - 6, y: bandTop + bandHeight / 2 + 4, anchor: .end,
                size: ChartText.label, className: "bar-label",
                tooltip: shown == group ? nil : group)
            for (s, entry) in series.enumerated() {
                if let rectangle = bar(group: g, series: s) {
                    let value = entry.values[g] ?? 0
                    svg.rect(
                        x: rectangle.x, y: rectangle.y, width: max(0, rectangle.width),
                        height: rectangle.height, fill: ChartPalette.color(s), className: "bar",
                        tooltip: "\(entry.label) · \(group): \(TableCell.format(value, digits: 3))")
                    svg.text(
                        TableCell.format(value, digits: 3),
                        x: rectangle.x + max(0, rectangle.width) + 3,
                        y: rectangle.y + rectangle.height - 1, size: ChartText.label)
                } else {
                    let y = bandTop + Self.groupGap / 2 + Double(s) * Self.barHeight
                    svg.text(
                        "–", x: frame.plotLeft + 4, y: y + Self.barHeight - 3,
                        size: ChartText.label)
                }
            }
        }
        svg.line(
            x1: frame.plotLeft, y1: frame.plotTop, x2: frame.plotLeft, y2: frame.plotBottom,
            stroke: ChartPalette.axis, className: "plot-axis")
        svg.text(
            valueTitle, x: (frame.plotLeft + frame.plotRight) / 2, y: frame.plotBottom + 34,
            anchor: .middle, size: ChartText.heading, className: "axis-title x-title")
        svg.drawLegend(
            series.enumerated().map {
                ChartLegend.Entry(
                    label: $0.element.label, color: ChartPalette.color($0.offset), swatch: .box)
            },
            x: 8, y: frame.plotBottom + 46,
            maxCharacters: ChartLegend.characters(fitting: frame.width - 8))
        return svg
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
