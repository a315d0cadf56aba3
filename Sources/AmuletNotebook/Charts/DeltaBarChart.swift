import Foundation

/// Δ per metric against the baseline as bars from zero, coloured by what the change means,
/// grouped by risk with one axis per group.
///
/// Green helps the defender, red hurts, grey has no better side (`DeltaVerdict`), so a drop
/// in attack AUC and a drop in accuracy, both negative, read differently at a glance. Each
/// group (a risk) gets its own axis, symmetric around zero out to its largest |Δ| (or CI end)
/// rounded up to a tick step, so a fairness gap moving by 0.02 is not flattened by an AUC
/// moving by 0.3. A whisker spans Δ's 95% confidence interval when `repeat` gave one.
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

    /// Height of one bar's row in pixels.
    public static let rowHeight = 22.0
    /// Room for a group's heading above its bars and its axis below them.
    static let groupHeading = 22.0
    static let groupAxis = 30.0

    /// A chart at least `width` wide, wider when its labels need more than 45% of it (the
    /// page scales it down to fit).
    public init(title: String, entries: [Entry], width: Double = 600) {
        self.title = title
        self.entries = entries
        let longest = Double(entries.map(\.label.count).max() ?? 0)
        self.width = max(width, (14 + 7 * longest) / 0.45)
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

    /// The left margin, fitting the longest label at about 7 px a character (12-px text).
    var left: Double {
        let longest = entries.map(\.label.count).max() ?? 0
        return min(width * 0.45, max(64, 14 + 7 * Double(longest)))
    }

    /// The right margin, fitting the printed Δ.
    static let right = 78.0

    /// The top of group `index`'s first row.
    public func groupTop(_ index: Int) -> Double {
        var top = 34.0
        for group in groups.prefix(index) {
            top +=
                Self.groupHeading + Double(rows(group.entries).count) * Self.rowHeight
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

    /// The whole height.
    public var height: Double {
        groupTop(groups.count) - Self.groupHeading + 24
    }

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
        let row =
            rows(groups[group].entries).firstIndex {
                if case .bar(let bar) = $0 { return bar == index }
                return false
            } ?? 0
        let scale = scale(group: group)
        let zero = scale.position(0)
        let end = scale.position(entries[index].delta)
        let y = groupTop(group) + Double(row) * Self.rowHeight + 4
        return (min(zero, end), y, abs(end - zero), Self.rowHeight - 8)
    }

    /// The chart as an SVG document.
    public func document() -> SVGDocument {
        var svg = SVGDocument(
            width: width, height: height, title: title, className: "chart delta-bar-chart")
        svg.text(title, x: 8, y: 20, size: 14, bold: true)
        for (g, group) in groups.enumerated() {
            let scale = scale(group: g)
            let top = groupTop(g)
            let rowList = rows(group.entries)
            let bottom = top + Double(rowList.count) * Self.rowHeight
            for (row, kind) in rowList.enumerated() {
                if case .heading(let heading) = kind {
                    svg.text(
                        heading, x: 16, y: top + Double(row) * Self.rowHeight + 15, size: 12,
                        fill: "#555", bold: true)
                }
            }
            svg.text(group.name, x: 8, y: top - 6, size: 13, bold: true)
            for tick in scale.ticks(count: 4) {
                let x = scale.position(tick)
                svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: ChartPalette.grid)
                svg.text(
                    scale.label(tick), x: x, y: bottom + 15, anchor: .middle,
                    size: ChartText.label)
            }
            svg.line(
                x1: left, y1: bottom, x2: width - Self.right, y2: bottom, stroke: ChartPalette.axis)
            for index in group.entries {
                let entry = entries[index]
                let rectangle = bar(index)
                let shown =
                    TableCell.formatSigned(entry.delta, digits: 3)
                    + (entry.significant == true ? "*" : "")
                svg.text(
                    entry.label, x: left - 6, y: rectangle.y + rectangle.height - 2, anchor: .end,
                    size: 12)
                svg.rect(
                    x: rectangle.x, y: rectangle.y, width: max(1, rectangle.width),
                    height: rectangle.height, fill: entry.verdict.color,
                    className: "bar \(entry.verdict.rawValue)",
                    tooltip: "\(entry.label): \(shown) (\(entry.verdict.rawValue))")
                if let half = entry.halfWidth, half.isFinite {
                    let low = scale.position(entry.delta - half)
                    let high = scale.position(entry.delta + half)
                    let middle = rectangle.y + rectangle.height / 2
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
                    shown, x: width - Self.right + 6, y: rectangle.y + rectangle.height - 2,
                    size: 12, fill: entry.verdict.color)
            }
            let zero = scale.position(0)
            svg.line(x1: zero, y1: top, x2: zero, y2: bottom, stroke: ChartPalette.axis)
        }
        svg.text(
            "Δ against the baseline · green: better, red: worse · whiskers: 95% CI",
            x: 8, y: height - 6, size: 12, className: "axis-title x-title")
        return svg
    }

    /// The chart as SVG text.
    public func svg() -> String { document().render() }
}
