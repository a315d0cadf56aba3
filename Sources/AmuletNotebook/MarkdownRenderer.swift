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

    /// Escapes the characters that would break a cell or turn into emphasis, and the HTML a
    /// forge would render: a CSV column named `<img src=x onerror=…>` shows as text.
    private func escape(_ text: String) -> String {
        Self.escape(text)
    }

    /// Markdown text made inert: `|`, `*` and `\\` escaped with a backslash, `<`, `>` and `&`
    /// as HTML entities (a forge renders raw HTML in Markdown), line breaks as spaces.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "|", "*", "\\": escaped += "\\\(character)"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\n", "\r": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A code fence longer than any run of backticks in `text`, so the text cannot close it.
    public static func fence(for text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
