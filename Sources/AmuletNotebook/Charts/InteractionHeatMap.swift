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

    /// Cell size and margins in pixels; a row with a label of several lines is taller.
    static let cellWidth = 104.0
    static let cellHeight = 46.0
    static let top = 56.0
    /// The narrowest and widest the row labels' column may be.
    static let minimumLeft = 96.0
    static let maximumLeft = 236.0
    /// Estimated advance of one character: 11-px bold labels, 10-px subject lines.
    static let labelCharacter = 6.6
    static let subjectCharacter = 5.7
    /// The distance between the baselines of a label's lines.
    static let lineHeight = 13.0

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

    /// A row's label as drawn: the defense's lines (bold, wrapped to the widest column), then
    /// its subject and, where shown, its modality (`backdoor p=1% · text`).
    public func labelLines(_ row: InteractionMatrix.Row) -> (defense: [String], detail: String?) {
        let characters = Int((Self.maximumLeft - 16) / Self.labelCharacter)
        let defense = TextWrapper(width: characters).wrap(row.defense)
            .split(separator: "\n").map(String.init)
        let parts = [row.subject, showsModality && !row.modality.isEmpty ? row.modality : nil]
            .compactMap { $0 }
        return (defense, parts.isEmpty ? nil : parts.joined(separator: " · "))
    }

    /// The width of the row labels' column: the longest label line, within its bounds.
    public var left: Double {
        let widest =
            rows.map { row -> Double in
                let (defense, detail) = labelLines(row)
                let bold = defense.map { Double($0.count) * Self.labelCharacter }.max() ?? 0
                return max(bold, Double(detail?.count ?? 0) * Self.subjectCharacter)
            }.max() ?? 0
        return min(Self.maximumLeft, max(Self.minimumLeft, (widest + 16).rounded(.up)))
    }

    /// The height of the row at `index`: room for its label's lines, at least `cellHeight`.
    public func rowHeight(_ index: Int) -> Double {
        let (defense, detail) = labelLines(rows[index])
        let lines = Double(defense.count + (detail == nil ? 0 : 1))
        return max(Self.cellHeight, lines * Self.lineHeight + 14)
    }

    /// The top-left corner of the cell at (`row`, `column`).
    public func box(row: Int, column: Int) -> (x: Double, y: Double) {
        let above = (0..<row).reduce(0.0) { $0 + rowHeight($1) }
        return (left + Double(column) * Self.cellWidth, Self.top + above)
    }

    /// The heat map as an SVG document.
    public func document() -> SVGDocument {
        let risks = RiskInteraction.sokRisks
        let left = self.left
        let width = left + Double(risks.count) * Self.cellWidth + 8
        let body = rows.indices.reduce(0.0) { $0 + rowHeight($1) }
        let height = Self.top + body + 48
        var svg = SVGDocument(
            width: width, height: height, title: "defense × risk, measured",
            className: "chart interaction-heat-map")
        svg.text("defense × risk: measured Δ, the SoK's arrow, verdict", x: 8, y: 18, bold: true)
        for (column, risk) in risks.enumerated() {
            let (x, _) = box(row: 0, column: column)
            svg.text(
                risk.rawValue, x: x + Self.cellWidth / 2, y: Self.top - 8, anchor: .middle,
                size: 11, bold: true)
        }
        for (index, row) in rows.enumerated() {
            let (_, y) = box(row: index, column: 0)
            let rowHeight = rowHeight(index)
            let (defense, detail) = labelLines(row)
            let lines = defense.count + (detail == nil ? 0 : 1)
            var baseline = y + (rowHeight - Double(lines) * Self.lineHeight) / 2 + 10
            for line in defense {
                svg.text(
                    line, x: left - 8, y: baseline, anchor: .end, bold: true,
                    className: "row-label")
                baseline += Self.lineHeight
            }
            if let detail {
                svg.text(
                    detail, x: left - 8, y: baseline, anchor: .end, size: 10,
                    fill: ChartPalette.axis, className: "row-subject")
            }
            for (column, risk) in risks.enumerated() {
                let (x, y) = box(row: index, column: column)
                draw(
                    row.cells.first { $0.risk == risk }, of: row, risk: risk, x: x, y: y,
                    height: rowHeight, into: &svg)
            }
        }
        svg.text(
            "red: the risk rose, green: it fell (Holm p < 0.05 and |Δ| ≥ the smallest effect); "
                + "pale: no interaction; grey: inconclusive; dark: not measurable",
            x: 8, y: height - 26, size: 10, fill: ChartPalette.axis)
        svg.text(
            "Δ ± its 95% CI as 'compare matrix' shows it: * Holm p < 0.05, ! a degenerate "
                + "model, – undefined",
            x: 8, y: height - 12, size: 10, fill: ChartPalette.axis)
        return svg
    }

    /// Draws one cell (a blank one that says so when `cell` is nil).
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
        let change =
            InteractionMatrix.change(cell).displayText
            + (cell.halfWidth.map { " ± " + String(format: "%.3f", $0) } ?? "")
        let sok =
            cell.expected.map { "SoK " + $0.change.rawValue + ($0.isTarget ? "†" : "") }
            ?? "SoK –"
        let fill = Self.fill(cell)
        svg.rect(
            x: x + 1, y: y + 1, width: Self.cellWidth - 2, height: height - 2, fill: fill,
            className: "heat-cell",
            tooltip: "\(row.label) × \(risk.rawValue): \(cell.metric) \(change), "
                + "\(sok), \(InteractionMatrix.verdictText(cell))")
        let ink = fill == Self.inconclusiveFill || fill == "#f4f4f4" ? "#222" : "#fff"
        let middle = y + height / 2
        svg.text(
            change, x: x + Self.cellWidth / 2, y: middle - 6, anchor: .middle, size: 10,
            fill: ink, className: "heat-change")
        svg.text(
            "\(sok) · \(cell.verdict.rawValue)", x: x + Self.cellWidth / 2, y: middle + 10,
            anchor: .middle, size: 9, fill: ink)
    }

    /// The heat map as SVG text.
    public func svg() -> String { document().render() }
}
