extension SVGDocument {
    /// Draws the title, grid lines with tick labels on both axes, the axis titles, and a
    /// break mark on an axis whose domain does not start at 0 (`ChartScale.startsAboveZero`).
    mutating func drawAxes(
        frame: ChartFrame, x: ChartScale, y: ChartScale, xTitle: String, yTitle: String,
        xTicks: [Double]? = nil, yTicks: [Double]? = nil
    ) {
        text(title, x: frame.plotLeft, y: frame.top - 12, size: ChartText.title, bold: true)
        for tick in xTicks ?? x.ticks() {
            let position = x.position(tick)
            line(
                x1: position, y1: frame.plotTop, x2: position, y2: frame.plotBottom,
                stroke: ChartPalette.grid)
            text(
                x.label(tick), x: position, y: frame.plotBottom + 16, anchor: .middle,
                size: ChartText.label)
        }
        for tick in yTicks ?? y.ticks() {
            let position = y.position(tick)
            line(
                x1: frame.plotLeft, y1: position, x2: frame.plotRight, y2: position,
                stroke: ChartPalette.grid)
            text(
                y.label(tick), x: frame.plotLeft - 5, y: position + 4, anchor: .end,
                size: ChartText.label)
        }
        line(
            x1: frame.plotLeft, y1: frame.plotBottom, x2: frame.plotRight, y2: frame.plotBottom,
            stroke: ChartPalette.axis)
        line(
            x1: frame.plotLeft, y1: frame.plotTop, x2: frame.plotLeft, y2: frame.plotBottom,
            stroke: ChartPalette.axis)
        if y.startsAboveZero {
            drawBreak(x: frame.plotLeft, y: frame.plotBottom - 8, vertical: true)
        }
        if x.startsAboveZero {
            drawBreak(x: frame.plotLeft + 8, y: frame.plotBottom, vertical: false)
        }
        text(
            xTitle, x: (frame.plotLeft + frame.plotRight) / 2, y: frame.plotBottom + 34,
            anchor: .middle, size: ChartText.heading, className: "axis-title x-title")
        text(
            yTitle, x: 15, y: (frame.plotTop + frame.plotBottom) / 2, anchor: .middle,
            size: ChartText.heading,
            rotated: true, className: "axis-title y-title")
    }

    /// The `//` mark that says an axis does not start at 0: two short slanted strokes across
    /// the axis at (`x`, `y`), over a white gap.
    mutating func drawBreak(x: Double, y: Double, vertical: Bool) {
        if vertical {
            rect(x: x - 6, y: y - 3, width: 12, height: 6, fill: "#ffffff", className: "axis-break")
            line(x1: x - 6, y1: y - 1, x2: x + 6, y2: y - 5, stroke: ChartPalette.axis)
            line(x1: x - 6, y1: y + 5, x2: x + 6, y2: y + 1, stroke: ChartPalette.axis)
        } else {
            rect(x: x - 3, y: y - 6, width: 6, height: 12, fill: "#ffffff", className: "axis-break")
            line(x1: x - 5, y1: y + 6, x2: x - 1, y2: y - 6, stroke: ChartPalette.axis)
            line(x1: x + 1, y1: y + 6, x2: x + 5, y2: y - 6, stroke: ChartPalette.axis)
        }
    }

    /// Draws a legend with one line per entry, the first entry's top at (`x`, `y`), inside a
    /// `<g class="legend">`; labels are cut with `…` to `maxCharacters`.
    mutating func drawLegend(
        _ entries: [ChartLegend.Entry], x: Double, y: Double, maxCharacters: Int = 80
    ) {
        guard !entries.isEmpty else { return }
        openGroup(className: "legend")
        for (index, entry) in entries.enumerated() {
            let top = y + Double(index) * ChartLegend.rowHeight
            switch entry.swatch {
            case .box:
                rect(x: x, y: top + 1, width: 12, height: 12, fill: entry.color)
            case .line:
                line(
                    x1: x, y1: top + 7, x2: x + 26, y2: top + 7, stroke: entry.color, width: 2.5,
                    dash: entry.dash)
            }
            let label =
                entry.label.count > maxCharacters
                ? String(entry.label.prefix(max(1, maxCharacters - 1))) + "…" : entry.label
            text(
                label, x: x + (entry.swatch == .line ? 32 : 18), y: top + 12, size: ChartText.label)
        }
        closeGroup()
    }
}
