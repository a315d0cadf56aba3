import Foundation

/// Δ per metric against the baseline as bars from zero, coloured by what the change means.
///
/// Green helps the defender, red hurts, grey has no better side (`DeltaVerdict`), so a drop
/// in attack AUC and a drop in accuracy, both negative, read differently at a glance. The
/// axis is symmetric around zero, out to the largest |Δ| rounded up to a tick step.
public struct DeltaBarChart: Sendable, Equatable {
    /// One bar.
    public struct Entry: Sendable, Equatable {
        /// The metric, such as `mia.lira.auc`.
        public var label: String
        /// The difference, new − reference.
        public var delta: Double
        /// What the difference means for the defender.
        public var verdict: DeltaVerdict
        /// Whether Welch's test found it significant; nil when not tested.
        public var significant: Bool?

        /// An entry.
        public init(label: String, delta: Double, verdict: DeltaVerdict, significant: Bool? = nil) {
            self.label = label
            self.delta = delta
            self.verdict = verdict
            self.significant = significant
        }
    }

    /// The chart's title.
    public var title: String
    /// The bars, top to bottom.
    public var entries: [Entry]

    /// Height of one bar's row in pixels.
    public static let rowHeight = 20.0

    /// A chart.
    public init(title: String, entries: [Entry]) {
        self.title = title
        self.entries = entries
    }

    /// The frame: a left margin fitting the longest label, one row per entry.
    public var frame: ChartFrame {
        let longest = entries.map(\.label.count).max() ?? 0
        let left = min(240, max(56, 12 + 6.2 * Double(longest)))
        return ChartFrame(
            width: 520, height: 30 + Double(entries.count) * Self.rowHeight + 40, left: left,
            right: 60, top: 30, bottom: 40)
    }

    /// The symmetric Δ scale.
    public var scale: ChartScale {
        let largest = entries.map { abs($0.delta) }.filter(\.isFinite).max() ?? 0
        let step = ChartScale.niceStep(max(largest, 1e-3) / 2)
        let bound = max(step, (max(largest, 1e-3) / step).rounded(.up) * step)
        return ChartScale(domain: -bound...bound, start: frame.plotLeft, end: frame.plotRight)
    }

    /// The rectangle of bar `index`: from zero to Δ.
    public func bar(_ index: Int) -> (x: Double, y: Double, width: Double, height: Double) {
        let scale = scale
        let zero = scale.position(0)
        let end = scale.position(entries[index].delta)
        let y = frame.plotTop + Double(index) * Self.rowHeight + 3
        return (min(zero, end), y, abs(end - zero), Self.rowHeight - 6)
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        let frame = frame
        var svg = SVGDocument(
            width: frame.width, height: frame.height, title: title,
            className: "chart delta-bar-chart")
        let scale = scale
        svg.text(title, x: 8, y: frame.top - 12, size: 13, bold: true)
        for tick in scale.ticks(count: 4) {
            let x = scale.position(tick)
            svg.line(
                x1: x, y1: frame.plotTop, x2: x, y2: frame.plotBottom, stroke: ChartPalette.grid)
            svg.text(scale.label(tick), x: x, y: frame.plotBottom + 14, anchor: .middle, size: 10)
        }
        for (index, entry) in entries.enumerated() {
            let rectangle = bar(index)
            let shown =
                TableCell.formatSigned(entry.delta, digits: 3)
                + (entry.significant == true ? "*" : "")
            svg.text(
                entry.label, x: frame.plotLeft - 6, y: rectangle.y + rectangle.height - 3,
                anchor: .end, size: 10)
            svg.rect(
                x: rectangle.x, y: rectangle.y, width: max(1, rectangle.width),
                height: rectangle.height, fill: entry.verdict.color,
                className: "bar \(entry.verdict.rawValue)",
                tooltip: "\(entry.label): \(shown) (\(entry.verdict.rawValue))")
            svg.text(
                shown, x: frame.plotRight + 4, y: rectangle.y + rectangle.height - 3, size: 10,
                fill: entry.verdict.color)
        }
        let zero = scale.position(0)
        svg.line(
            x1: zero, y1: frame.plotTop, x2: zero, y2: frame.plotBottom, stroke: ChartPalette.axis)
        svg.text(
            "Δ against the baseline (green: better for the defender, red: worse)",
            x: (frame.plotLeft + frame.plotRight) / 2, y: frame.plotBottom + 30, anchor: .middle,
            size: 10)
        return svg
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
