// Small builders that keep golden tokens and ASTs readable.

import AmuletLang

/// A location in unnamed input.
func location(_ line: Int, _ column: Int) -> SourceLocation {
    SourceLocation(file: nil, line: line, column: column)
}

/// A one-line range of `length` characters starting at `line:column`.
func span(_ line: Int, _ column: Int, _ length: Int) -> SourceRange {
    SourceRange(start: location(line, column), length: length)
}

/// A range from `line:column` up to (not including) `endLine:endColumn`.
func span(_ line: Int, _ column: Int, to endLine: Int, _ endColumn: Int) -> SourceRange {
    SourceRange(start: location(line, column), end: location(endLine, endColumn))
}

/// One line per token, `line:column kind detail`, for golden token streams.
func describeTokens(_ source: String) -> [String] {
    Lexer.tokenize(source).tokens.map { token in
        let place = "\(token.location.line):\(token.location.column)"
        switch token.kind {
        case .word: return "\(place) word \(token.text)"
        case .number(let value, let isPercent):
            return "\(place) number \(value)\(isPercent ? " percent" : "") \(token.text)"
        case .string(let value): return "\(place) string \(value.debugDescription)"
        case .variable(let name): return "\(place) variable \(name)"
        case .invalid: return "\(place) invalid \(token.text)"
        case .endOfInput: return "\(place) end"
        default: return "\(place) \(token.kind)"
        }
    }
}

/// The statements of `source`, which must parse without diagnostics.
func statements(_ source: String) -> [Statement]? {
    let (program, diagnostics) = Parser.parse(source: source)
    return diagnostics.isEmpty ? program.statements : nil
}

/// A `word` expression on one line.
func word(_ text: String, _ line: Int, _ column: Int) -> Expr {
    .word(text, range: span(line, column, text.count))
}

/// A plain (non-percent) number whose spelling is `text`.
func number(_ value: Double, _ text: String, _ line: Int, _ column: Int) -> Expr {
    .number(value: value, text: text, isPercent: false, range: span(line, column, text.count))
}

/// Whether `location` points inside `source`: an existing line, at most one column past its end.
func isInside(_ location: SourceLocation?, _ source: String) -> Bool {
    guard let location else { return false }
    let lines = source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    guard location.line >= 1, location.line <= lines.count else { return false }
    return location.column >= 1 && location.column <= lines[location.line - 1].count + 1
}
