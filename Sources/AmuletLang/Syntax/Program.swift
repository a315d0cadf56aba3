/// A parsed piece of source: its top-level statements and the text they came from.
///
/// Keeping the source lets a session save each cell's statements back as a script, exactly as
/// they were typed (comments inside a statement's span included).
public struct Program: Sendable, Equatable, Hashable {
    /// The statements that parsed, in source order; statements with errors are left out.
    public var statements: [Statement]
    /// The full source text that was parsed.
    public var source: String
    /// The file the source came from, or `nil` for interactive input.
    public var file: String?

    /// Creates a program from its statements and source.
    public init(statements: [Statement], source: String, file: String? = nil) {
        self.statements = statements
        self.source = source
        self.file = file
    }

    /// The exact source text of `range`.
    public func sourceText(of range: SourceRange) -> String {
        range.text(in: source)
    }

    /// The exact source text of `statement`, line breaks and comments inside it included.
    public func sourceText(of statement: Statement) -> String {
        statement.range.text(in: source)
    }

    /// The source text of each top-level statement, in order.
    public var statementTexts: [String] {
        let lines = SourceLines(source)
        return statements.map { lines.text(of: $0.range) }
    }
}
