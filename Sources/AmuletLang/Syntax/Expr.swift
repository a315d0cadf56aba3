/// A value written in source: a number, string, word, variable reference or list.
public indirect enum Expr: Sendable, Equatable, Hashable {
    /// A number; `text` is the spelling (`10%`, `1e-3`), `value` the meaning (0.1, 0.001).
    case number(value: Double, text: String, isPercent: Bool, range: SourceRange)
    /// A double-quoted string with escapes decoded.
    case string(String, range: SourceRange)
    /// A bare word such as `adult` or `out/report.html`.
    case word(String, range: SourceRange)
    /// A variable reference `$name`; `name` excludes the `$`.
    case variable(name: String, range: SourceRange)
    /// A bracketed, comma-separated list such as `[0.5, 1, 2]`.
    case list([Expr], range: SourceRange)

    /// Where the expression was written, including brackets or quotes.
    public var range: SourceRange {
        switch self {
        case .number(_, _, _, let range), .string(_, let range), .word(_, let range),
            .variable(_, let range), .list(_, let range):
            return range
        }
    }
}
