import Foundation

extension NotebookReport {
    /// The report as Markdown, with each chart as an SVG file beside it.
    ///
    /// A cell's consecutive messages share one code fence; charts are linked as images named
    /// `<stem>-chart-N-kind.svg`, the files returned with the text for the caller to write.
    /// - Parameter chartStem: The report's file name without its extension, such as `session`.
    /// - Returns: The Markdown text and the chart files to write in the report's folder.
    public func markdown(chartStem: String) -> (text: String, charts: [ReportFile]) {
        var parts = ["# Amulet session report", ""]
        var charts: [ReportFile] = []
        for section in sections() {
            parts += ["## \(MarkdownRenderer.escape(section.heading))", ""]
            for block in section.blocks {
                append(block, to: &parts, charts: &charts, chartStem: chartStem)
            }
        }
        return (parts.joined(separator: "\n"), charts)
    }

    /// Appends one block's Markdown lines to `parts` and its chart files to `charts`.
    private func append(
        _ block: ReportBlock, to parts: inout [String], charts: inout [ReportFile],
        chartStem: String
    ) {
        switch block {
        case .prose(let paragraphs):
            for paragraph in paragraphs {
                parts += [MarkdownRenderer.escape(paragraph), ""]
            }
        case .input(let source):
            let fence = MarkdownRenderer.fence(for: source)
            parts += ["\(fence)amulet\n\(source)\n\(fence)", ""]
        case .text(let text):
            let fence = MarkdownRenderer.fence(for: text)
            parts += ["\(fence)\n\(text)\n\(fence)", ""]
        case .notes(let notes):
            parts += [
                notes.map { "> \(MarkdownRenderer.escape($0))" }.joined(separator: "\n>\n"),
                "",
            ]
        case .warnings(let warnings):
            parts += [
                warnings.map { "> **\(MarkdownRenderer.escape($0))**" }
                    .joined(separator: "\n>\n"), "",
            ]
        case .table(let table):
            parts += [MarkdownRenderer().render(table), ""]
        case .metadata(let metadata):
            parts += [
                metadata.lines.map {
                    "- **\($0.name)**: \(MarkdownRenderer.escape($0.value))"
                }.joined(separator: "\n"), "",
            ]
        case .details(let summary, let blocks):
            // GitHub renders <details>; a blank line lets the table inside be Markdown.
            parts += ["<details><summary>\(SVGDocument.escape(summary))</summary>", ""]
            for case .table(let table) in blocks {
                parts += [MarkdownRenderer().render(table), ""]
            }
            parts += ["</details>", ""]
        case .chart(let name, let title, let svg):
            let file = "\(chartStem)-\(name).svg"
            charts.append(ReportFile(name: file, contents: svg + "\n"))
            let link = file.replacingOccurrences(of: " ", with: "%20")
            parts += ["![\(MarkdownRenderer.escape(title))](\(link))", ""]
        }
    }
}
