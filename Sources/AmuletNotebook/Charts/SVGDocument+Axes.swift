extension SVGDocument {
    /// Draws the title, grid lines with tick labels on both axes, and the axis titles.
    mutating func drawAxes(
        frame: ChartFrame, x: ChartScale, y: ChartScale, xTitle: String, yTitle: String,
        xTicks: [Double]? = nil, yTicks: [Double]? = nil
    ) {
        text(title, x: frame.plotLeft, y: frame.top - 12, size: 13, bold: true)
        for tick in xTicks ?? x.ticks() {
            let position = x.position(tick)
            line(
                x1: position, y1: frame.plotTop, x2: position, y2: frame.plotBottom,
                stroke: ChartPalette.grid)
            text(x.label(tick), x: position, y: frame.plotBottom + 14, anchor: .middle, size: 10)
        }
        for tick in yTicks ?? y.ticks() {
            let position = y.position(tick)
            line(
                x1: frame.plotLeft, y1: position, x2: frame.plotRight, y2: position,
                stroke: ChartPalette.grid)
            text(y.label(tick), x: frame.plotLeft - 5, y: position + 3.5, anchor: .end, size: 10)
        }
        line(
            x1: frame.plotLeft, y1: frame.plotBottom, x2: frame.plotRight, y2: frame.plotBottom,
            stroke: ChartPalette.axis)
        line(
            x1: frame.plotLeft, y1: frame.plotTop, x2: frame.plotLeft, y2: frame.plotBottom,
            stroke: ChartPalette.axis)
        text(
            xTitle, x: (frame.plotLeft + frame.plotRight) / 2, y: frame.height - 8,
            anchor: .middle)
        text(
            yTitle, x: 14, y: (frame.plotTop + frame.plotBottom) / 2, anchor: .middle,
            rotated: true)
    }

    /// Draws a legend of coloured swatches and labels, one per line, the first line's
    /// swatch at (`x`, `y`).
    mutating func drawLegend(_ entries: [(label: String, color: String)], x: Double, y: Double) {
        for (index, entry) in entries.enumerated() {
            let top = y + Double(index) * 15
            rect(x: x, y: top, width: 10, height: 10, fill: entry.color)
            text(entry.label, x: x + 14, y: top + 9, size: 10)
        }
    }
}
