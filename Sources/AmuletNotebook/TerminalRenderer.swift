/// Renders tables as aligned plain text for a terminal, optionally with ANSI colour.
///
/// Text columns are left-aligned and numeric columns right-aligned; widths count `Character`s,
/// so accented labels line up (wide CJK or emoji glyphs are not measured). In a column where
/// some Δ carries the `*` marker, unmarked numbers get a space in its place so the digits
/// stay aligned. With colour, the header is bold and Δ is green when positive and red when
/// negative; whether that direction is good depends on the metric.
public struct TerminalRenderer: Sendable {
    /// Whether to emit ANSI escape sequences.
    public var useColor: Bool
    /// The widest line allowed (the terminal's width); nil for no limit.
    public var width: Int?

    /// The gap between columns.
    private let separator = "  "

    /// Creates a renderer; colour is off and width unlimited unless asked for.
    public init(useColor: Bool = false, width: Int? = nil) {
        self.useColor = useColor
        self.width = width
    }

    /// The table as lines: optional title, header, `─` underline, rows, then footnotes.
    ///
    /// Lines are joined by newlines, with no newline at the end and no trailing spaces. A
    /// table wider than `width` is wrapped: its leading text columns repeat in each block and
    /// the numeric columns are split between blocks, never separating a value from its Δ.
    /// When even one block is too wide, the longest text column is shortened with `…`.
    ///
    /// Before any of that, long scenario labels heading value columns are shortened
    /// (`HeaderAbbreviator`): their shared words dropped, or letters with a legend. Titles
    /// and notes wrap at word boundaries, so no line is wider than `width`.
    public func render(_ table: Table) -> String {
        guard let width else { return renderWhole(table) }
        var table = table
        if naturalWidth(table) > width {
            table = HeaderAbbreviator(cellWidths: cellWidths(table)).abbreviate(table)
        }
        if naturalWidth(table) > width {
            table = HeaderAbbreviator(cellWidths: cellWidths(table)).abbreviateScenarioColumn(table)
        }
        let wrapper = TextWrapper(width: width)
        table.title = table.title.map(wrapper.wrap)
        table.notes = table.notes.map(wrapper.wrap)
        guard naturalWidth(table) > width else { return renderWhole(table) }
        let fitted = TableWrapper(width: width, separator: separator.count)
        let blocks = fitted.blocks(of: table, widths: columnWidths(table))
        return blocks.enumerated().map { index, block in
            var block = block
            if index > 0 { block.title = nil }
            if index < blocks.count - 1 { block.notes = [] }
            return renderWhole(block)
        }.joined(separator: "\n\n")
    }

    /// Each column's widest cell, its header left out.
    private func cellWidths(_ table: Table) -> [Int] {
        let texts = layout(table).texts
        let count = layout(table).widths.count
        return (0..<count).map { column in texts.reduce(0) { max($0, $1[column].count) } }
    }

    /// The width of the table's widest line when not wrapped.
    private func naturalWidth(_ table: Table) -> Int {
        let widths = columnWidths(table)
        let body = widths.reduce(0, +) + separator.count * max(0, widths.count - 1)
        let title = (table.title ?? "").split(separator: "\n").map(\.count).max() ?? 0
        return max(body, title)
    }

    /// Each column's width in Characters: its header or its widest cell.
    func columnWidths(_ table: Table) -> [Int] {
        layout(table).widths
    }

    /// The cells as display text (a space standing in for a missing `*` in a column that has
    /// one, so digits align), and each column's width.
    private func layout(_ table: Table) -> (texts: [[String]], widths: [Int]) {
        let columnCount = table.rows.reduce(table.columns.count) { max($0, $1.count) }
        let marked = (0..<columnCount).map { column in
            table.rows.indices.contains { !table.cell(row: $0, column: column).marker.isEmpty }
        }
        let texts = table.rows.indices.map { row in
            (0..<columnCount).map { column in
                let cell = table.cell(row: row, column: column)
                let pad = marked[column] && cell.isNumeric && cell.marker.isEmpty
                return cell.displayText + (pad ? " " : "")
            }
        }
        let widths = (0..<columnCount).map { column in
            let header = column < table.columns.count ? table.columns[column].count : 0
            return texts.reduce(header) { max($0, $1[column].count) }
        }
        return (texts, widths)
    }

    /// Renders a table that fits, or that no width limit applies to.
    private func renderWhole(_ table: Table) -> String {
        let (texts, widths) = layout(table)
        let columnCount = widths.count
        let numeric = (0..<columnCount).map { table.isNumericColumn($0) }
        let headers = (0..<columnCount).map { $0 < table.columns.count ? table.columns[$0] : "" }

        var lines: [String] = []
        if let title = table.title { lines.append(style(title, code: "1")) }
        lines.append(
            line(
                (0..<columnCount).map { column in
                    aligned(
                        headers[column], width: widths[column], right: numeric[column],
                        code: "1")
                }))
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: separator))
        for row in table.rows.indices {
            lines.append(
                line(
                    (0..<columnCount).map { column in
                        aligned(
                            texts[row][column], width: widths[column], right: numeric[column],
                            code: colorCode(table.cell(row: row, column: column)))
                    }))
        }
        lines += table.notes
        return lines.joined(separator: "\n")
    }

    /// The ledger listed row by row with every field.
    public func render(ledger: Ledger) -> String {
        render(Table(ledger: ledger))
    }

    /// Joins padded cells and drops trailing spaces.
    private func line(_ cells: [String]) -> String {
        var text = cells.joined(separator: separator)
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Pads `text` to `width` Characters, styling only the text so escapes do not count.
    private func aligned(_ text: String, width: Int, right: Bool, code: String?) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        let styled = code.map { style(text, code: $0) } ?? text
        return right ? padding + styled : styled + padding
    }

    /// Wraps text in an SGR escape when colour is on and the text is not blank.
    private func style(_ text: String, code: String) -> String {
        guard useColor, !text.allSatisfy({ $0 == " " }) else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Green for a Δ that helps the defender, red for one that hurts, by the metric's
    /// direction; none for a neutral metric or a Δ that rounds to zero.
    private func colorCode(_ cell: TableCell) -> String? {
        var cell = cell
        if case .flagged(let inner) = cell { cell = inner }
        guard case .judged(let inner, let better) = cell,
            case .delta(let value, let digits, _) = inner.unflagged
        else { return nil }
        let shown = TableCell.formatSigned(value, digits: digits)
        guard shown.contains(where: { $0.isNumber && $0 != "0" }) else { return nil }
        return better ? "32" : "31"
    }
}
