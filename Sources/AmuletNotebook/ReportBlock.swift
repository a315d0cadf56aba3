/// One piece of a report, in reading order, before it is written as HTML or Markdown.
///
/// Consecutive text outputs of a cell merge into one block (one code fence, one `<pre>`),
/// consecutive notes into one list, so a cell's messages read as one passage.
indirect enum ReportBlock: Equatable {
    /// Paragraphs of prose (the summary's sentences).
    case prose([String])
    /// A cell's input.
    case input(String)
    /// Program text, lines joined by newlines.
    case text(String)
    /// Remarks.
    case notes([String])
    /// Warnings.
    case warnings([String])
    /// A table, its caption already unique in the report.
    case table(Table)
    /// A chart: its file stem (`chart-3-roc`), title and SVG text.
    case chart(name: String, title: String, svg: String)
    /// How the report was made: version, date, seed, data, command line.
    case metadata(ReportMetadata)
    /// Blocks shown under a one-line summary, opened on demand (`<details>`).
    case details(summary: String, blocks: [ReportBlock])

    /// Appends `output` to `blocks`, merging it into the last block when of the same kind.
    static func append(_ output: Output, to blocks: inout [ReportBlock]) {
        switch (output, blocks.last) {
        case (.text(let text), .text(let previous)?):
            blocks[blocks.count - 1] = .text(previous + "\n" + text)
        case (.note(let note), .notes(let previous)?):
            blocks[blocks.count - 1] = .notes(previous + [note])
        case (.warning(let warning), .warnings(let previous)?):
            blocks[blocks.count - 1] = .warnings(previous + [warning])
        case (.text(let text), _): blocks.append(.text(text))
        case (.note(let note), _): blocks.append(.notes([note]))
        case (.warning(let warning), _): blocks.append(.warnings([warning]))
        case (.table(let table), _): blocks.append(.table(table))
        }
    }
}
