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
            \(Self.styleSheet)
            </style>
            <script>window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});</script>
            </head><body><h1>Amulet session report</h1>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// The report's styles.
    ///
    /// Nothing may leave the page: a table wider than the column scrolls inside its own box
    /// (`div.table-wrap`), and below 640 px every table reflows to one card per row, each
    /// value under its column's name (`data-label`); charts shrink with the column (their
    /// viewBox keeps them sharp), but not below 520 px: on a phone a chart scrolls sideways
    /// inside its own box rather than shrink its labels below 8 px.
    ///
    /// In print (A4, 12 mm margins) tables span the page in 7 pt type. A header may break
    /// anywhere, but a value or a metric's name breaks only at a space, unless the table is
    /// `dense` (`printsDensely`): a column may not be narrower than its longest word, so a
    /// table whose words cannot fit side by side would run off the paper, and Chromium would
    /// then shrink every page to fit it. Rows, charts, captions and program text are not split
    /// across pages, a heading or a caption stays with what follows it, a chart is at most a
    /// page tall, grey backgrounds behind text are left out to save toner, and closed details
    /// open (the script above).
    static let styleSheet = """
        *,*::before,*::after{box-sizing:border-box}
        body{font-family:system-ui,sans-serif;max-width:64em;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.4;overflow-wrap:break-word}
        h1{font-size:1.6em}h2{font-size:1.15em;border-bottom:1px solid #ddd;padding-bottom:.2em}
        pre{background:#f5f5f5;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere;margin:.5em 0;max-width:100%}
        pre.input{border-left:3px solid #36c;background:#eef2fb}
        dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1em 1em;font-size:.9em;margin:.6em 0}
        dl.meta dt{font-weight:bold;color:#555}dl.meta dd{margin:0;overflow-wrap:anywhere;font-family:ui-monospace,monospace}
        div.table-wrap{max-width:100%;overflow-x:auto;margin:.8em 0}
        table{border-collapse:collapse}caption{text-align:left;font-weight:bold;padding:.2em 0}
        td,th{border:1px solid #ccc;padding:.2em .6em;vertical-align:top}th{background:#f3f3f3;text-align:left}
        td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.better{color:#1a7f37}td.worse{color:#c62828}
        p.table-note{font-size:.85em;color:#555;margin:.1em 0}
        ul.notes{color:#555;padding-left:1.2em}ul.warnings{color:#a40;font-weight:bold;padding-left:1.2em}
        section.summary{background:#fafaf5;border:1px solid #e4e4d8;padding:0 1em 1em}
        details{margin:.3em 0}details>summary{cursor:pointer;color:#245}
        figure.chart{margin:1em 0;max-width:100%}figure.chart svg{max-width:100%;height:auto;display:block}
        figcaption{font-size:.85em;color:#555}
        @media (max-width:640px){
        body{padding:0 .5em}section.summary{padding:0 .5em .5em}
        div.table-wrap{overflow-x:visible}
        table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
        table.cards caption{display:block}table.cards thead{display:none}
        table.cards tr{border:1px solid #ccc;margin:0 0 .6em;padding:.2em 0}
        table.cards td{border:none;border-bottom:1px solid #eee;text-align:left;white-space:normal;overflow-wrap:anywhere}
        table.cards td.num{text-align:left}
        table.cards td::before{content:attr(data-label);display:block;font-size:.8em;color:#666;overflow-wrap:anywhere}
        figure.chart{overflow-x:auto}figure.chart svg{min-width:520px;max-width:none}
        figure.chart svg.interaction-heat-map{min-width:760px}
        }
        @media print{
        @page{size:A4;margin:12mm}
        body{max-width:none;margin:0;padding:0;font-size:9pt}
        section.summary,pre,pre.input{background:none}pre{border:1px solid #ddd}
        div.table-wrap{overflow:visible}
        table{width:100%;font-size:7pt;table-layout:auto}
        th,td{padding:.1em .3em;overflow-wrap:break-word}th{overflow-wrap:anywhere}
        td.num{white-space:normal}table.dense td{overflow-wrap:anywhere}
        tr,figure.chart,pre,dl.meta,caption{break-inside:avoid}
        figure.chart svg{max-height:240mm}
        thead{display:table-header-group}
        h2,caption,details>summary{break-after:avoid}
        }
        """

    /// The metadata as a definition list.
    static func html(_ metadata: ReportMetadata) -> String {
        "<dl class=\"meta\">"
            + metadata.lines.map { "<dt>\(escape($0.name))</dt><dd>\(escape($0.value))</dd>" }
            .joined() + "</dl>"
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
        case .metadata(let metadata):
            return html(metadata)
        case .details(let summary, let blocks):
            return "<details><summary>\(escape(summary))</summary>\n"
                + blocks.map(html).joined(separator: "\n") + "\n</details>"
        }
    }

    /// A table in its own scrolling box; on narrow screens it reflows to cards, each cell
    /// labelled with its column's name.
    static func htmlTable(_ table: Table) -> String {
        let classes = printsDensely(table) ? "cards dense" : "cards"
        var html = "<div class=\"table-wrap\"><table class=\"\(classes)\">"
        if let title = table.title { html += "<caption>\(escape(title))</caption>" }
        html +=
            "<thead><tr>" + table.columns.map { "<th scope=\"col\">\(escape($0))</th>" }.joined()
            + "</tr></thead><tbody>"
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
                let label = column < table.columns.count ? table.columns[column] : ""
                html +=
                    "<td\(attribute) data-label=\"\(escape(label))\">\(escape(cell.displayText))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        for note in table.notes { html += "\n<p class=\"table-note\">\(escape(note))</p>" }
        return html
    }

    /// The width of an A4 page between 12 mm margins, in points: (210 − 2·12) mm · 72 / 25.4.
    public static let printableWidth = 186 * 72 / 25.4

    /// The estimated advance of a character in a printed table, as a fraction of the font size.
    ///
    /// DejaVu Sans, the usual Linux sans-serif and the widest of those measured for
    /// `ChartText`, averages 0.54 em; charts' 0.58 em errs wide to keep labels inside their
    /// boxes, but here erring wide breaks words that would fit, while a slight underestimate
    /// only makes Chromium scale the page down a little.
    public static let printAdvance = 0.55

    /// Whether a table's cells must break inside words to fit across a printed A4 page.
    ///
    /// In print a column is at least as wide as its longest word (a hyphen ends one) in 7 pt
    /// type (at `printAdvance` a character) plus its padding and border (5 pt); a header may
    /// break anywhere and does not count. When the columns' sum exceeds the
    /// printable width, the table is printed `dense`: its cells may break anywhere too.
    public static func printsDensely(_ table: Table) -> Bool {
        let columns = table.rows.reduce(table.columns.count) { max($0, $1.count) }
        var width = 0.0
        for column in 0..<columns {
            var widest = 0.0
            for row in table.rows.indices {
                let text = table.cell(row: row, column: column).displayText
                for word in text.split(whereSeparator: \.isWhitespace) {
                    // Chromium also breaks after a hyphen, as in `1.00e-` / `05`.
                    let pieces = word.split(separator: "-", omittingEmptySubsequences: false)
                    for (index, piece) in pieces.enumerated() {
                        let hyphen = index < pieces.count - 1 ? "-" : ""
                        let characters = Double(piece.count + hyphen.count)
                        widest = max(widest, characters * printAdvance * 7)
                    }
                }
            }
            width += widest + 5
        }
        return width > printableWidth
    }

    static func escape(_ text: String) -> String { SVGDocument.escape(text) }
}
