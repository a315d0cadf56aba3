/// What a cell shows: text lines, tables and notes, rendered by the program.
public enum Output: Sendable, Equatable, Codable {
    /// Plain text (one or more lines).
    case text(String)
    /// A table, rendered in the session's format.
    case table(Table)
    /// A remark about what happened (from cache, batch-norm removed …).
    case note(String)
    /// Something the reader must not miss (a degenerate model).
    case warning(String)
}

/// One cell that ran to the end: its number, its source and what it showed.
public struct CellRecord: Sendable, Equatable {
    /// The cell's number.
    public var number: Int
    /// Its source text.
    public var source: String
    /// What it showed.
    public var outputs: [Output]
    /// The ROC curves its attacks drew, for the report's charts.
    public var curves: [CellCurve]
    /// What its `tune` statements measured, for the report's Pareto-front charts.
    public var tunes: [CellTune]
    /// The images its evaluations produced (inversion, triggered and adversarial examples),
    /// for the report.
    public var images: [CellImages]
    /// Whether the cell only looked at or wrote out the session (help, show, save, reset …),
    /// so a report leaves it out unless asked for every cell.
    public var isBookkeeping: Bool

    /// A cell record.
    public init(
        number: Int, source: String, outputs: [Output], curves: [CellCurve] = [],
        tunes: [CellTune] = [], images: [CellImages] = [], isBookkeeping: Bool = false
    ) {
        self.images = images
        self.number = number
        self.source = source
        self.outputs = outputs
        self.curves = curves
        self.tunes = tunes
        self.isBookkeeping = isBookkeeping
    }
}
