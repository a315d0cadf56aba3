extension NotebookReport {
    /// The report as one self-contained HTML file: inline CSS and SVG, no network access.
    ///
    /// Program text wraps (`white-space: pre-wrap`) instead of scrolling sideways; a Δ cell
    /// is green when the change helps the defender and red when it hurts; tables keep their
    /// footnotes (what Δ is against, what `*` means).
    public func html() -> String {
        var body: [String] = []
        for section in sections() {
            let className = section.id == "summary" ? "summary" : "cell"
            body.append(
                "<section id=\"\(section.id)\" class=\"\(className)\"><h2>\(Self.escape(section.heading))</h2>"
            )
            for block in section.blocks { body.append(Self.html(block)) }
            body.append("</section>")
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Amulet session report</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body{font-family:system-ui,sans-serif;max-width:64em;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.6em}h2{font-size:1.15em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            pre{background:#f5f5f5;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere;margin:.5em 0}
            pre.input{border-left:3px solid #36c;background:#eef2fb}
            table{border-collapse:collapse;margin:.8em 0}caption{text-align:left;font-weight:bold;padding:.2em 0}
            td,th{border:1px solid #ccc;padding:.2em .6em}td.num{text-align:right;font-variant-numeric:tabular-nums}
            td.better{color:#1a7f37}td.worse{color:#c62828}
            p.table-note{font-size:.85em;color:#555;margin:.1em 0}
            ul.notes{color:#555;padding-left:1.2em}ul.warnings{color:#a40;font-weight:bold;padding-left:1.2em}
            section.summary{background:#fafaf5;border:1px solid #e4e4d8;padding:0 1em 1em}
            figure.chart{margin:1em 0}figure.chart svg{max-width:100%;height:auto;display:block}
            figcaption{font-size:.85em;color:#555}
            </style>
            </head><body><h1>Amulet session report</h1>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    static func html(_ block: ReportBlock) -> String {
        switch block {
        case .prose(let paragraphs):
            return paragraphs.map { "<p>\(escape($0))</p>" }.joined(separator: "\n")
        case .input(let source):
            return "<pre class=\"input\">\(escape(source))</pre>"
        case .text(let text):
            return "<pre class=\"output\">\(escape(text))</pre>"
        case .notes(let notes):
            return "<ul class=\"notes\">" + notes.map { "<li>\(escape($0))</li>" }.joined()
                + "</ul>"
        case .warnings(let warnings):
            return "<ul class=\"warnings\">" + warnings.map { "<li>\(escape($0))</li>" }.joined()
                + "</ul>"
        case .table(let table):
            return htmlTable(table)
        case .chart(let name, let title, let svg):
            return
                "<figure class=\"chart\" id=\"\(name)\">\(svg)<figcaption>\(escape(title))</figcaption></figure>"
        }
    }

    static func htmlTable(_ table: Table) -> String {
        var html = "<table>"
        if let title = table.title { html += "<caption>\(escape(title))</caption>" }
        html += "<tr>" + table.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for row in table.rows.indices {
            html += "<tr>"
            for column in 0..<max(table.columns.count, table.rows[row].count) {
                let cell = table.cell(row: row, column: column)
                var classes: [String] = []
                if cell.isNumeric { classes.append("num") }
                if case .judged(_, let better) = cell {
                    classes.append(better ? "better" : "worse")
                }
                if case .flagged(.judged(_, let better)) = cell {
                    classes.append(better ? "better" : "worse")
                }
                let attribute =
                    classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                html += "<td\(attribute)>\(escape(cell.displayText))</td>"
            }
            html += "</tr>"
        }
        html += "</table>"
        for note in table.notes { html += "\n<p class=\"table-note\">\(escape(note))</p>" }
        return html
    }

    static func escape(_ text: String) -> String { SVGDocument.escape(text) }
}
