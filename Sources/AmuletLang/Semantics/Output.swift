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
    /// Every `assert` the cell checked, passed or failed, in order.
    public var assertions: [AssertionOutcome] = []
    /// The ledger rows the cell recorded (none when it failed), for `--format csv`.
    public var recorded: [LedgerRow] = []
    /// Whether the session prints cell timings (`set timer=on`) after the cell.
    public var showsTimer = false
    /// The cell's own text, such as `train mlp epochs=3` (empty when no cell ran: a syntax
    /// error or the whole-script check stopped the script), to name it in JUnit.
    public var source = ""

    /// Whether every error of the cell is a failed `assert`: the cell changed nothing, so a
    /// script runs on and reports every assertion.
    public var failedOnlyOnAssertions: Bool {
        let errors = diagnostics.filter { $0.severity == .error }
        return !errors.isEmpty && errors.allSatisfy { $0.kind == .assertionFailed }
    }

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
