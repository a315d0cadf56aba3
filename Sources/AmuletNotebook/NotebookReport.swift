/// Writes the session's cells as a Markdown or a self-contained HTML notebook.
public enum NotebookReport {
    /// Markdown: each cell's input in a code block, then its tables and text.
    public static func markdown(cells: [CellRecord], comparison: Table?) -> String {
        var parts = ["# Amulet session", ""]
        for cell in cells {
            parts.append("## [\(cell.number)]")
            parts.append("```amulet\n\(cell.source)\n```")
            for output in cell.outputs {
                switch output {
                case .text(let t): parts.append("```\n\(t)\n```")
                case .note(let n): parts.append("> \(n)")
                case .warning(let w): parts.append("> **\(w)**")
                case .table(let table): parts.append(MarkdownRenderer().render(table))
                }
            }
            parts.append("")
        }
        if let comparison {
            parts.append("## Comparison")
            parts.append(MarkdownRenderer().render(comparison))
        }
        return parts.joined(separator: "\n") + "\n"
    }

    /// HTML: the same content with escaped text and HTML tables, no external resources.
    public static func html(cells: [CellRecord], comparison: Table?) -> String {
        var body: [String] = []
        for cell in cells {
            body.append(
                "<section><h2>[\(cell.number)]</h2><pre class=\"input\">\(escape(cell.source))</pre>"
            )
            for output in cell.outputs {
                switch output {
                case .text(let t): body.append("<pre>\(escape(t))</pre>")
                case .note(let n): body.append("<p class=\"note\">\(escape(n))</p>")
                case .warning(let w): body.append("<p class=\"warning\">\(escape(w))</p>")
                case .table(let table): body.append(htmlTable(table))
                }
            }
            body.append("</section>")
        }
        if let comparison {
            body.append("<section><h2>Comparison</h2>\(htmlTable(comparison))</section>")
        }
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Amulet session</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}
            pre{background:#f4f4f4;padding:.6em}pre.input{border-left:3px solid #36c}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}
            td.num{text-align:right;font-variant-numeric:tabular-nums}.note{color:#666}.warning{color:#a40;font-weight:bold}</style>
            </head><body><h1>Amulet session</h1>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    static func htmlTable(_ table: Table) -> String {
        var html = "<table>"
        if let title = table.title { html += "<caption>\(escape(title))</caption>" }
        html += "<tr>" + table.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for row in table.rows {
            html += "<tr>"
            for cell in row {
                let text = cell.displayText
                if case .text = cell {
                    html += "<td>\(escape(text))</td>"
                } else {
                    html += "<td class=\"num\">\(escape(text))</td>"
                }
            }
            html += "</tr>"
        }
        return html + "</table>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
