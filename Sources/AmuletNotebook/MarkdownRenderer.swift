/// Renders tables as GitHub-flavoured Markdown pipe tables.
///
/// Numeric columns are right-aligned (`---:`), others left (`---`). Pipes in text are escaped
/// as `\|` and the significance marker as `\*`, so it is not read as emphasis. The title
/// becomes a bold line above the table and each footnote follows as its own paragraph.
public struct MarkdownRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The table as Markdown, lines joined by newlines with no newline at the end.
    public func render(_ table: Table) -> String {
        let columnCount = table.rows.reduce(table.columns.count) { max($0, $1.count) }
        let headers = (0..<columnCount).map { $0 < table.columns.count ? table.columns[$0] : "" }
        var lines: [String] = []
        if let title = table.title {
            lines += ["**\(escape(title))**", ""]
        }
        lines.append(row(headers.map(escape)))
        lines.append(row((0..<columnCount).map { table.isNumericColumn($0) ? "---:" : "---" }))
        for index in table.rows.indices {
            lines.append(
                row(
                    (0..<columnCount).map {
                        escape(table.cell(row: index, column: $0).displayText)
                    }))
        }
        for note in table.notes {
            lines += ["", escape(note)]
        }
        return lines.joined(separator: "\n")
    }

    /// The ledger listed row by row with every field.
    public func render(ledger: Ledger) -> String {
        render(Table(ledger: ledger))
    }

    private func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// Escapes the characters that would break a cell or turn into emphasis.
    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "|", "*", "\\": escaped += "\\\(character)"
            case "\n": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
