import AmuletRisks
import Foundation

/// The measured defense × risk matrix as a heat map: one row per defense, one column per
/// risk of the SoK's table, each cell coloured by the measured change of the risk.
///
/// Red: the risk rose and the 95% CI excludes zero; green: it fell; grey: inconclusive; blank:
/// not measured. Each cell prints Δ, the SoK's expected arrow (with † on the defense's own
/// target) and the verdict, so the picture and the SoK can be read side by side.
/// Reference: Duddu, Szyller & Asokan, IEEE S&P 2024, Table 3.
public struct InteractionHeatMap: Sendable, Equatable {
    /// The measured cells (`InteractionMatrix.cells`).
    public var cells: [InteractionMatrix.Cell]

    /// Cell size and margins in pixels.
    static let cellWidth = 104.0
    static let cellHeight = 46.0
    static let left = 96.0
    static let top = 56.0

    /// A heat map of `cells`.
    public init(cells: [InteractionMatrix.Cell]) {
        self.cells = cells.filter { $0.risk != .utility }
    }

    /// The defenses, top to bottom, in first-seen order.
    public var defenses: [String] {
        var names: [String] = []
        for cell in cells where !names.contains(cell.defense) { names.append(cell.defense) }
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

    /// The rectangle of the cell at (`row`, `column`).
    public static func box(row: Int, column: Int) -> (x: Double, y: Double) {
        (left + Double(column) * cellWidth, top + Double(row) * cellHeight)
    }

    /// The heat map as an SVG document.
    public func document() -> SVGDocument {
        let risks = RiskInteraction.sokRisks
        let rows = defenses
        let width = Self.left + Double(risks.count) * Self.cellWidth + 8
        let height = Self.top + Double(rows.count) * Self.cellHeight + 34
        var svg = SVGDocument(
            width: width, height: height, title: "defense × risk, measured",
            className: "chart interaction-heat-map")
        svg.text("defense × risk: measured Δ, the SoK's arrow, verdict", x: 8, y: 18, bold: true)
        for (column, risk) in risks.enumerated() {
            let (x, _) = Self.box(row: 0, column: column)
            svg.text(
                risk.rawValue, x: x + Self.cellWidth / 2, y: Self.top - 8, anchor: .middle,
                size: 11, bold: true)
        }
        for (row, defense) in rows.enumerated() {
            let (_, y) = Self.box(row: row, column: 0)
            svg.text(
                defense, x: Self.left - 8, y: y + Self.cellHeight / 2 + 4, anchor: .end, bold: true)
            for (column, risk) in risks.enumerated() {
                let (x, y) = Self.box(row: row, column: column)
                guard let cell = cells.first(where: { $0.defense == defense && $0.risk == risk })
                else {
                    svg.rect(
                        x: x + 1, y: y + 1, width: Self.cellWidth - 2, height: Self.cellHeight - 2,
                        fill: "#ffffff", className: "heat-cell unmeasured",
                        tooltip: "\(defense) × \(risk.rawValue): not measured")
                    continue
                }
                let change =
                    TableCell.formatSigned(cell.delta, digits: 3)
                    + (cell.halfWidth.map { " ± " + String(format: "%.3f", $0) } ?? "")
                let sok =
                    cell.expected.map { "SoK " + $0.change.rawValue + ($0.isTarget ? "†" : "") }
                    ?? "SoK –"
                svg.rect(
                    x: x + 1, y: y + 1, width: Self.cellWidth - 2, height: Self.cellHeight - 2,
                    fill: Self.fill(cell), className: "heat-cell",
                    tooltip: "\(defense) × \(risk.rawValue): \(cell.metric) \(change), "
                        + "\(sok), \(InteractionMatrix.verdictText(cell))")
                let fill = Self.fill(cell)
                let ink = fill == Self.inconclusiveFill || fill == "#f4f4f4" ? "#222" : "#fff"
                svg.text(
                    change, x: x + Self.cellWidth / 2, y: y + 17, anchor: .middle, size: 10,
                    fill: ink)
                svg.text(
                    "\(sok) · \(cell.verdict.rawValue)", x: x + Self.cellWidth / 2, y: y + 33,
                    anchor: .middle, size: 9, fill: ink)
            }
        }
        svg.text(
            "red: the risk rose, green: it fell (Holm p < 0.05 and |Δ| ≥ the smallest effect); "
                + "pale: no interaction; grey: inconclusive; dark: not measurable",
            x: 8, y: height - 12, size: 10, fill: ChartPalette.axis)
        return svg
    }

    /// The heat map as SVG text.
    public func svg() -> String { document().render() }
}
