import AmuletRisks
import Foundation

/// The measured defense × risk matrix as a heat map: one row per row of the matrix (a defended
/// recipe, and per subject where a risk has one cell per subject, such as the text backdoor's
/// portions), one column per risk of the SoK's table, each cell coloured by the measured change
/// of the risk.
///
/// Red: the risk rose and the 95% CI excludes zero; green: it fell; grey: inconclusive; blank:
/// not measured. Each cell prints Δ as `compare matrix` writes it (with `*` when significant
/// after Holm, `!` on a degenerate model, `–` when undefined) and its CI, the SoK's expected
/// arrow (with † on the defense's own target) and the verdict, so the picture and the SoK can
/// be read side by side. The rows are `InteractionMatrix.rows`, the terminal's own.
/// Reference: Duddu, Szyller & Asokan, IEEE S&P 2024, Table 3.
public struct InteractionHeatMap: Sendable, Equatable {
    /// The measured cells of SoK risks (`InteractionMatrix.cells` without utility).
    public var cells: [InteractionMatrix.Cell]
    /// The rows, top to bottom (`InteractionMatrix.rows`).
    public var rows: [InteractionMatrix.Row]
    /// Whether each row names its modality (`InteractionMatrix.showsModality`).
    public var showsModality: Bool

    /// A cell's width in pixels: its widest line, `not measurable` or a column's heading such
    /// as `reconstruction` in 12-px bold (about 101 px by `ChartText.width`), centred.
    static let cellWidth = 104.0
    /// The least height of a row, and the room above the first for the title and headings.
    static let cellHeight = 46.0
    static let top = 60.0
    /// The narrowest the row labels' column may be, and the widest a line of it: about 17
    /// characters of 12-px text, so with eight columns of cells the map is about 960 px wide
    /// and a 1024-px screen shows it at its size.
    static let minimumLeft = 96.0
    static let labelLine = 124.0
    /// Height of the first line of a cell (the Δ, at `ChartText.value`).
    static let valueLine = 18.0

    /// A heat map of `cells`.
    public init(cells: [InteractionMatrix.Cell]) {
        showsModality = InteractionMatrix.showsModality(cells)
        self.cells = cells.filter { $0.risk != .utility }
        rows = InteractionMatrix.rows(self.cells)
    }

    /// The defenses, top to bottom, in first-seen order.
    public var defenses: [String] {
        var names: [String] = []
        for row in rows where !names.contains(row.defense) { names.append(row.defense) }
        return names
    }

    /// The colour of a measured cell.
    ///
    /// Red or green only for an effect (significant after Holm and at least the metric's
    /// smallest effect of interest); near-white for no interaction, grey for inconclusive,
    /// dark grey for not measurable.
    static func fill(_ cell: InteractionMatrix.Cell) -> String {
        switch cell.verdict {
        case .confirms, .contradicts, .new, .cost, .gain:
            guard let rises = cell.riskRises else { return inconclusiveFill }
            return rises ? ChartPalette.worse : ChartPalette.better
        case .noInteraction, .noCost: return "#f4f4f4"
        case .inconclusive: return inconclusiveFill
        case .notMeasurable: return "#757575"
        }
    }

    private static let inconclusiveFill = "#d9d9d9"

    /// A row's label as drawn: the defense's lines (bold), then its subject and, where shown,
    /// its modality (`backdoor p=1% · text`), each broken to `labelLine` (`ChartText.lines`).
    public func labelLines(_ row: InteractionMatrix.Row) -> (defense: [String], detail: [String]) {
        let defense = ChartText.lines(
            row.defense, fitting: Self.labelLine, bold: true, maxLines: 4)
        let parts = [row.subject, showsModality && !row.modality.isEmpty ? row.modality : nil]
            .compactMap { $0 }
        let detail = parts.joined(separator: " · ")
        return (defense, detail.isEmpty ? [] : ChartText.lines(detail, fitting: Self.labelLine))
    }

    /// The width of the row labels' column: its widest line and margins, at least
    /// `minimumLeft`.
    public var left: Double {
        let widest =
            rows.map { row -> Double in
                let (defense, detail) = labelLines(row)
                let bold = defense.map { ChartText.width($0, bold: true) }.max() ?? 0
                return max(bold, detail.map { ChartText.width($0) }.max() ?? 0)
            }.max() ?? 0
        return max(Self.minimumLeft, (widest + 16).rounded(.up))
    }

    /// A measured cell's lines: the Δ (`compare matrix`'s text), its CI, the SoK's arrow (†
    /// on the defense's own target) and the verdict, broken to the cell's width.
    func cellLines(_ cell: InteractionMatrix.Cell) -> (change: String, rest: [String]) {
        let change = InteractionMatrix.change(cell).displayText
        var rest = cell.halfWidth.map { ["± " + String(format: "%.3f", $0)] } ?? []
        rest.append(
            cell.expected.map { "SoK " + $0.change.rawValue + ($0.isTarget ? "†" : "") }
                ?? "SoK –")
        rest += ChartText.lines(cell.verdict.rawValue, fitting: Self.cellWidth - 4)
        return (change, rest)
    }

    /// The height of the row at `index`: room for its label's lines and its cells' lines, at
    /// least `cellHeight`.
    public func rowHeight(_ index: Int) -> Double {
        let (defense, detail) = labelLines(rows[index])
        let label = Double(defense.count + detail.count) * ChartText.lineHeight + 14
        let cells = rows[index].cells.map {
            Self.valueLine + Double(cellLines($0).rest.count) * ChartText.lineHeight + 12
        }
        return max(Self.cellHeight, label, cells.max() ?? 0)
    }

    /// The top-left corner of the cell at (`row`, `column`).
    public func box(row: Int, column: Int) -> (x: Double, y: Double) {
        let above = (0..<row).reduce(0.0) { $0 + rowHeight($1) }
        return (left + Double(column) * Self.cellWidth, Self.top + above)
    }

    /// The notes under the map: what the colours and the printed Δ mean.
    static let notes = [
        "red: the risk rose, green: it fell (Holm p < 0.05 and |Δ| ≥ the smallest effect)",
        "pale: no interaction; grey: inconclusive; dark: not measurable",
        "Δ ± its 95% CI as 'compare matrix' shows it: * Holm p < 0.05, ! a degenerate model, "
            + "– undefined",
    ]

    /// The heat map as an SVG document.
    public func document() -> SVGDocument {
        let risks = RiskInteraction.sokRisks
        let left = self.left
        let width = left + Double(risks.count) * Self.cellWidth + 8
        let body = rows.indices.reduce(0.0) { $0 + rowHeight($1) }
        let notes = Self.notes.flatMap {
            ChartText.lines($0, fitting: width - 16, maxLines: 3)
        }
        let height = Self.top + body + 14 + Double(notes.count) * ChartText.lineHeight
        var svg = SVGDocument(
            width: width, height: height, title: "defense × risk, measured",
            className: "chart interaction-heat-map")
        svg.text(
            "defense × risk: measured Δ, the SoK's arrow, verdict", x: 8, y: 20,
            size: ChartText.title, bold: true)
        for (column, risk) in risks.enumerated() {
            let (x, _) = box(row: 0, column: column)
            svg.text(
                risk.rawValue, x: x + Self.cellWidth / 2, y: Self.top - 10, anchor: .middle,
                size: ChartText.label, bold: true, className: "column-label")
        }
        for (index, row) in rows.enumerated() {
            let (_, y) = box(row: index, column: 0)
            let rowHeight = rowHeight(index)
            let (defense, detail) = labelLines(row)
            let lines = defense.count + detail.count
            var baseline = y + (rowHeight - Double(lines) * ChartText.lineHeight) / 2 + 11
            // A label cut short keeps its whole text in a tooltip.
            let whole = (defense + detail).contains { $0.hasSuffix("…") } ? row.label : nil
            for line in defense {
                svg.text(
                    line, x: left - 8, y: baseline, anchor: .end, size: ChartText.label,
                    bold: true, className: "row-label", tooltip: whole)
                baseline += ChartText.lineHeight
            }
            for line in detail {
                svg.text(
                    line, x: left - 8, y: baseline, anchor: .end, size: ChartText.label,
                    fill: ChartPalette.axis, className: "row-subject", tooltip: whole)
                baseline += ChartText.lineHeight
            }
            for (column, risk) in risks.enumerated() {
                let (x, y) = box(row: index, column: column)
                draw(
                    row.cells.first { $0.risk == risk }, of: row, risk: risk, x: x, y: y,
                    height: rowHeight, into: &svg)
            }
        }
        for (index, note) in notes.enumerated() {
            svg.text(
                note, x: 8, y: Self.top + body + 22 + Double(index) * ChartText.lineHeight,
                size: ChartText.label, fill: ChartPalette.axis, className: "heat-note")
        }
        return svg
    }

    /// Draws one cell (a blank one that says so when `cell` is nil): the Δ at
    /// `ChartText.value`, its other lines at `ChartText.label`, centred in the cell.
    private func draw(
        _ cell: InteractionMatrix.Cell?, of row: InteractionMatrix.Row, risk: Risk, x: Double,
        y: Double, height: Double, into svg: inout SVGDocument
    ) {
        guard let cell else {
            svg.rect(
                x: x + 1, y: y + 1, width: Self.cellWidth - 2, height: height - 2,
                fill: "#ffffff", className: "heat-cell unmeasured",
                tooltip: "\(row.label) × \(risk.rawValue): not measured")
            return
        }
        let (change, rest) = cellLines(cell)
        let fill = Self.fill(cell)
        let sok = rest[cell.halfWidth == nil ? 0 : 1]
        svg.rect(
            x: x + 1, y: y + 1, width: Self.cellWidth - 2, height: height - 2, fill: fill,
            className: "heat-cell",
            tooltip: "\(row.label) × \(risk.rawValue): \(cell.metric) \(change)"
                + (cell.halfWidth.map { " ± " + String(format: "%.3f", $0) } ?? "")
                + ", \(sok), \(InteractionMatrix.verdictText(cell))")
        let ink = fill == Self.inconclusiveFill || fill == "#f4f4f4" ? "#222" : "#fff"
        let content = Self.valueLine + Double(rest.count) * ChartText.lineHeight
        let first = y + (height - content) / 2 + 14
        let middle = x + Self.cellWidth / 2
        svg.text(
            change, x: middle, y: first, anchor: .middle, size: ChartText.value, fill: ink,
            bold: true, className: "heat-change")
        for (index, line) in rest.enumerated() {
            svg.text(
                line, x: middle, y: first + Self.valueLine + Double(index) * ChartText.lineHeight,
                anchor: .middle, size: ChartText.label, fill: ink,
                className: index == 0 && cell.halfWidth != nil ? "heat-ci" : "heat-detail")
        }
    }

    /// The heat map as SVG text.
    public func svg() -> String { document().render() }
}
