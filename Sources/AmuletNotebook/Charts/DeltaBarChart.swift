import Foundation

/// Δ per metric against the baseline as bars from zero, coloured by what the change means,
/// grouped by risk with one axis per group.
///
/// Green helps the defender, red hurts, grey has no better side (`DeltaVerdict`), so a drop
/// in attack AUC and a drop in accuracy, both negative, read differently at a glance. Each
/// group (a risk) gets its own axis, symmetric around zero out to its largest |Δ| (or CI end)
/// rounded up to a tick step, so a fairness gap moving by 0.02 is not flattened by an AUC
/// moving by 0.3. A whisker spans Δ's 95% confidence interval when `repeat` gave one. The
/// label column is as wide as its widest line (`ChartText.width`); a label wider than
/// `labelLine` breaks into two lines (a metric's name after a `.`) and keeps its whole text in a
/// tooltip, so no label reaches the plot.
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
        /// The group the bar belongs to (its risk); bars of one group share an axis.
        public var group: String
        /// The row heading the bar sits under inside its group (the metric, when bars are
        /// labelled by scenario); empty for none.
        public var subgroup: String = ""
        /// Half-width of Δ's 95% confidence interval, nil when untested.
        public var halfWidth: Double?

        /// An entry.
        public init(
            label: String, delta: Double, verdict: DeltaVerdict, significant: Bool? = nil,
            group: String = "", halfWidth: Double? = nil
        ) {
            self.label = label
            self.delta = delta
            self.verdict = verdict
            self.significant = significant
            self.group = group
            self.halfWidth = halfWidth
        }
    }

    /// The chart's title.
    public var title: String
    /// The bars, top to bottom.
    public var entries: [Entry]
    /// Width in pixels.
    public var width: Double

    /// Height of a row whose label is one line, in pixels; each further line adds
    /// `ChartText.lineHeight`.
    public static let rowHeight = 22.0
    /// Room for a group's heading above its bars and its axis below them.
    static let groupHeading = 22.0
    static let groupAxis = 30.0
    /// The widest a line of the label column may be before the label breaks into a second
    /// line: about 24 characters of 12-px text, so a scenario's part or a short metric stays
    /// whole and `backdoor.p=0.2%.success_rate` takes two lines instead of the plot's room.
    public static let labelLine = 170.0
    /// The indent of a metric's heading within its group.
    static let headingIndent = 16.0

    /// A chart at least `width` wide, wider when its label column needs more than 45% of it
    /// (the page scales it down to fit).
    public init(title: String, entries: [Entry], width: Double = 600) {
        self.title = title
        self.entries = entries
        self.width = width
        self.width = max(width, left / 0.45)
    }

    /// The groups in first-seen order, each with the indices of its entries.
    public var groups: [(name: String, entries: [Int])] {
        var groups: [(name: String, entries: [Int])] = []
        for (index, entry) in entries.enumerated() {
            if let at = groups.firstIndex(where: { $0.name == entry.group }) {
                groups[at].entries.append(index)
            } else {
                groups.append((entry.group, [index]))
            }
        }
        return groups
    }

    /// The lines bar `index`'s label is drawn in, each within `labelLine`.
    public func labelLines(_ index: Int) -> [String] {
        ChartText.lines(entries[index].label, fitting: Self.labelLine)
    }

    /// The lines a metric's heading is drawn in (bold), each within `labelLine`.
    public func headingLines(_ heading: String) -> [String] {
        ChartText.lines(heading, fitting: Self.labelLine, bold: true)
    }

    /// The title in lines that fit the width at 14 px bold.
    var titleLines: [String] {
        ChartText.lines(title, fitting: width - 16, size: ChartText.title, bold: true)
    }

    /// The left margin: the label column, as wide as its widest line (`ChartText.width`) and
    /// its margins, so no label reaches the plot: a bar's label ends 6 px left of it, a
    /// heading 8 px.
    public var left: Double {
        var widest = 64.0
        for index in entries.indices {
            for line in labelLines(index) { widest = max(widest, 8 + ChartText.width(line) + 6) }
            let subgroup = entries[index].subgroup
            guard !subgroup.isEmpty else { continue }
            for line in headingLines(subgroup) {
                widest = max(widest, Self.headingIndent + ChartText.width(line, bold: true) + 8)
            }
        }
        return widest.rounded(.up)
    }

    /// The right margin, fitting the printed Δ.
    static let right = 78.0

    /// The top of the first group's heading: below the title's lines.
    var bodyTop: Double { 34 + 18 * Double(titleLines.count - 1) }

    /// The top of group `index`'s first row.
    public func groupTop(_ index: Int) -> Double {
        var top = bodyTop
        for group in groups.prefix(index) {
            top +=
                Self.groupHeading + rows(group.entries).reduce(0) { $0 + height($1) }
                + Self.groupAxis
        }
        return top + Self.groupHeading
    }

    /// One row of a group: a subgroup's heading or a bar (an index into `entries`).
    enum Row: Equatable {
        case heading(String)
        case bar(Int)
    }

    /// The rows of a group's entries: a heading before each run of one subgroup.
    func rows(_ indices: [Int]) -> [Row] {
        var rows: [Row] = []
        var current = ""
        for index in indices {
            let subgroup = entries[index].subgroup
            if !subgroup.isEmpty, subgroup != current { rows.append(.heading(subgroup)) }
            current = subgroup
            rows.append(.bar(index))
        }
        return rows
    }

    /// The height of a row: `rowHeight`, and a line more for each further line of its label.
    func height(_ row: Row) -> Double {
        let lines: Int
        switch row {
        case .heading(let heading): lines = headingLines(heading).count
        case .bar(let index): lines = labelLines(index).count
        }
        return Self.rowHeight + Double(lines - 1) * ChartText.lineHeight
    }

    /// The whole height: the last axis's tick labels, then the note's lines below them.
    public var height: Double {
        groupTop(groups.count) - Self.groupHeading + 30
            + (marksSignificance ? ChartText.lineHeight : 0)
    }

    /// Whether some Δ was tested, so a `*` may appear and the note says what it means.
    var marksSignificance: Bool { entries.contains { $0.significant != nil } }

    /// The symmetric Δ scale of group `index`.
    public func scale(group index: Int) -> ChartScale {
        let extents = groups[index].entries.map { entry -> Double in
            abs(entries[entry].delta) + (entries[entry].halfWidth ?? 0)
        }
        let largest = max(extents.filter(\.isFinite).max() ?? 0, 1e-3)
        let step = ChartScale.niceStep(largest / 2)
        let bound = max(step, (largest / step).rounded(.up) * step)
        return ChartScale(domain: -bound...bound, start: left, end: width - Self.right)
    }

    /// The rectangle of bar `index`: from zero to Δ on its group's axis.
    public func bar(_ index: Int) -> (x: Double, y: Double, width: Double, height: Double) {
        let groups = groups
        let group = groups.firstIndex { $0.entries.contains(index) } ?? 0
        let rowList = rows(groups[group].entries)
        let row = rowList.firstIndex(of: .bar(index)) ?? 0
        let scale = scale(group: group)
        let zero = scale.position(0)
        let end = scale.position(entries[index].delta)
        let above = rowList.prefix(row).reduce(0) { $0 + height($1) }
        let thickness = Self.rowHeight - 8
        let y = groupTop(group) + above + (height(rowList[row]) - thickness) / 2
        return (min(zero, end), y, abs(end - zero), thickness)
    }

    /// The chart as an SVG document.
    ///
    /// A label drawn in more than one line, or cut, keeps its whole text in a `<title>`
    /// tooltip, as does each bar (with its metric when the bars are labelled by scenario).
    public func document() -> SVGDocument {
        var svg = SVGDocument(
            width: width, height: height, title: title, className: "chart delta-bar-chart")
        for (index, line) in titleLines.enumerated() {
            svg.text(
                line, x: 8, y: 20 + 18 * Double(index), size: ChartText.title, bold: true,
                tooltip: titleLines.count > 1 ? title : nil)
        }
        for (g, group) in groups.enumerated() {
            let scale = scale(group: g)
            let top = groupTop(g)
            let rowList = rows(group.entries)
            let bottom = top + rowList.reduce(0) { $0 + height($1) }
            var rowTop = top
            for kind in rowList {
                if case .heading(let heading) = kind {
                    let lines = headingLines(heading)
                    for (line, text) in lines.enumerated() {
                        svg.text(
                            text, x: Self.headingIndent,
                            y: rowTop + 15 + Double(line) * ChartText.lineHeight,
                            size: ChartText.label, fill: "#555", bold: true,
                            className: "row-heading", tooltip: lines == [heading] ? nil : heading)
                    }
                }
                rowTop += height(kind)
            }
            svg.text(group.name, x: 8, y: top - 6, size: ChartText.heading, bold: true)
            for tick in scale.ticks(count: 4) {
                let x = scale.position(tick)
                svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: ChartPalette.grid)
                svg.text(
                    scale.label(tick), x: x, y: bottom + 15, anchor: .middle,
                    size: ChartText.label)
            }
            svg.line(
                x1: left, y1: bottom, x2: width - Self.right, y2: bottom, stroke: ChartPalette.axis,
                className: "plot-axis")
            for index in group.entries {
                drawBar(index, scale: scale, into: &svg)
            }
            let zero = scale.position(0)
            svg.line(x1: zero, y1: top, x2: zero, y2: bottom, stroke: ChartPalette.axis)
        }
        let note = marksSignificance ? height - 6 - ChartText.lineHeight : height - 6
        svg.text(
            "Δ against the baseline · green: better, red: worse · whiskers: 95% CI",
            x: 8, y: note, size: ChartText.label, className: "axis-title x-title")
        if marksSignificance {
            // The matrix's * is Holm-corrected; this one is not, so the two can differ.
            svg.text(
                "* p < 0.05 for this Δ alone, not corrected for the others (compare matrix is)",
                x: 8, y: height - 6, size: ChartText.label, className: "axis-title x-title")
        }
        return svg
    }

    /// Draws bar `index`: its label's lines centred on it, the bar, its whisker and its Δ.
    private func drawBar(_ index: Int, scale: ChartScale, into svg: inout SVGDocument) {
        let entry = entries[index]
        let rectangle = bar(index)
        let middle = rectangle.y + rectangle.height / 2
        let shown =
            TableCell.formatSigned(entry.delta, digits: 3)
            + (entry.significant == true ? "*" : "")
        let lines = labelLines(index)
        let first = middle + 4 - Double(lines.count - 1) * ChartText.lineHeight / 2
        for (line, text) in lines.enumerated() {
            svg.text(
                text, x: left - 6, y: first + Double(line) * ChartText.lineHeight, anchor: .end,
                size: ChartText.label, className: "bar-label",
                tooltip: lines == [entry.label] ? nil : entry.label)
        }
        let name = entry.subgroup.isEmpty ? entry.label : "\(entry.subgroup) · \(entry.label)"
        svg.rect(
            x: rectangle.x, y: rectangle.y, width: max(1, rectangle.width),
            height: rectangle.height, fill: entry.verdict.color,
            className: "bar \(entry.verdict.rawValue)",
            tooltip: "\(name): \(shown) (\(entry.verdict.rawValue))")
        if let half = entry.halfWidth, half.isFinite {
            let low = scale.position(entry.delta - half)
            let high = scale.position(entry.delta + half)
            svg.line(
                x1: low, y1: middle, x2: high, y2: middle, stroke: "#222", width: 1.5,
                className: "whisker")
            for end in [low, high] {
                svg.line(
                    x1: end, y1: middle - 4, x2: end, y2: middle + 4, stroke: "#222",
                    width: 1.5, className: "whisker")
            }
        }
        svg.text(
            shown, x: width - Self.right + 6, y: middle + 4, size: ChartText.label,
            fill: entry.verdict.color)
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
