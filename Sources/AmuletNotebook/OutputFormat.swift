/// The output formats of `--format` and `export`: aligned table, Markdown, JSON or CSV.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned plain text for a terminal.
    case table
    /// A GitHub-flavoured Markdown pipe table.
    case markdown
    /// A JSON object (a table) or array of row objects (the ledger).
    case json
    /// RFC 4180 CSV with full-precision numbers.
    case csv
}

/// Renders a table in the given format; `useColor` matters only for `.table`.
///
/// `width` limits the terminal format's lines (a wider table wraps into blocks); nil for none.
public func render(
    _ table: Table, as format: OutputFormat, useColor: Bool = false, width: Int? = nil
) -> String {
    switch format {
    case .table: TerminalRenderer(useColor: useColor, width: width).render(table)
    case .markdown: MarkdownRenderer().render(table)
    case .json: JSONRenderer().render(table)
    case .csv: CSVRenderer().render(table)
    }
}

/// Renders the whole ledger in the given format; JSON and CSV carry unrounded values.
public func render(_ ledger: Ledger, as format: OutputFormat, useColor: Bool = false) -> String {
    switch format {
    case .table: TerminalRenderer(useColor: useColor).render(ledger: ledger)
    case .markdown: MarkdownRenderer().render(ledger: ledger)
    case .json: JSONRenderer().render(ledger: ledger)
    case .csv: CSVRenderer().render(ledger: ledger)
    }
}
