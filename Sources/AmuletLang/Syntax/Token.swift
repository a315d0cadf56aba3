/// What a token is, with the value it denotes where it has one.
public enum TokenKind: Sendable, Equatable, Hashable {
    /// A word such as `adult`, `mlp-m1` or `out/report.html`; verbs and keywords are words too.
    case word
    /// A number; `10%` has `value` 0.1 and `isPercent` set.
    case number(value: Double, isPercent: Bool)
    /// A double-quoted string, with its escapes decoded.
    case string(value: String)
    /// A variable reference `$name`.
    case variable(name: String)
    /// `=` between an argument's name and its value.
    case equals
    /// `,` between list elements.
    case comma
    /// `;` between statements.
    case semicolon
    /// A line break between statements.
    case newline
    /// `[` opening a list.
    case leftBracket
    /// `]` closing a list.
    case rightBracket
    /// `{` opening a block.
    case leftBrace
    /// `}` closing a block.
    case rightBrace
    /// `<`, `<=`, `>` or `>=` in an `assert`.
    case comparison(ComparisonOperator)
    /// `..` between the bounds of `within a..b`.
    case dotDot
    /// Text the lexer rejected; its diagnostic has already been reported.
    case invalid
    /// The end of the input; always the last token.
    case endOfInput
}

/// One lexical unit with its exact source text and where it was written.
public struct Token: Sendable, Equatable, Hashable {
    /// What the token is.
    public var kind: TokenKind
    /// The exact source text, such as `10%` or `"a\"b"` with its quotes and escapes.
    public var text: String
    /// Where the token starts.
    public var location: SourceLocation
    /// The token's length in `Character`s; tokens never span lines.
    public var length: Int

    /// Creates a token.
    public init(kind: TokenKind, text: String, location: SourceLocation, length: Int) {
        self.kind = kind
        self.text = text
        self.location = location
        self.length = length
    }

    /// The span of source the token covers.
    public var range: SourceRange {
        SourceRange(start: location, length: length)
    }

    /// How a diagnostic names this token: `'mlp'`, `end of line` or `end of input`.
    var quoted: String {
        switch kind {
        case .newline: return "end of line"
        case .endOfInput: return "end of input"
        default: return "'\(text)'"
        }
    }
}
