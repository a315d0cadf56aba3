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

    /// The line index of `source`, built once.
    ///
    /// A script of n defs asks for n texts, and indexing the source afresh for each would be
    /// quadratic. Not part of equality.
    private let lines: LineIndex

    /// Creates a program from its statements and source.
    public init(statements: [Statement], source: String, file: String? = nil) {
        self.statements = statements
        self.source = source
        self.file = file
        self.lines = LineIndex(source)
    }

    public static func == (left: Program, right: Program) -> Bool {
        left.statements == right.statements && left.source == right.source
            && left.file == right.file
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(statements)
        hasher.combine(source)
        hasher.combine(file)
    }

    /// The exact source text of `range`.
    public func sourceText(of range: SourceRange) -> String {
        lines.lines.text(of: range)
    }

    /// The exact source text of `statement`, line breaks and comments inside it included.
    public func sourceText(of statement: Statement) -> String {
        lines.lines.text(of: statement.range)
    }

    /// The source text of each top-level statement, in order.
    public var statementTexts: [String] {
        statements.map { lines.lines.text(of: $0.range) }
    }
}

/// A program's line index, shared by its copies (a class, so copying a program copies no index).
private final class LineIndex: Sendable {
    let lines: SourceLines

    init(_ source: String) { lines = SourceLines(source) }
}
