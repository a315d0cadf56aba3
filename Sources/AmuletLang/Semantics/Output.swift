import AmuletNotebook

/// The outcome of one cell: its outputs, or the diagnostics that stopped it.
public struct CellResult: Sendable {
    /// The cell's number.
    public var cell: Int
    /// What it showed, in order.
    public var outputs: [Output]
    /// Problems; non-empty means the cell failed and the session is as it was before it.
    public var diagnostics: [Diagnostic]
    /// Source text by file name (`<input>` for the cell), for rendering diagnostics.
    public var sources: [String: String]
    /// The session's output format after the cell (a cell may `set format=…`).
    public var format: OutputFormat = .table

    /// Whether the cell ran to the end.
    public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }

    /// A cell result.
    public init(cell: Int, outputs: [Output], diagnostics: [Diagnostic], sources: [String: String])
    {
        self.cell = cell
        self.outputs = outputs
        self.diagnostics = diagnostics
        self.sources = sources
    }
}
