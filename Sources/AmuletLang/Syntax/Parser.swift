/// A recursive-descent parser from tokens to a `Program`, with error recovery.
///
/// Each statement either parses or produces one diagnostic, after which `synchronize()` skips
/// to the next `;`, line break or `}` at the statement's own nesting level, so later
/// statements still parse. Tokens the lexer already rejected fail their statement silently.
/// The structure follows jlox in Nystrom, *Crafting Interpreters* (2021), chapter 6.
public struct Parser: Sendable {
    let tokens: [Token]
    var current = 0
    var diagnostics: [Diagnostic] = []
    /// How many `[` the statement being parsed has open, so recovery can skip past `]`.
    var openBrackets = 0
    /// How many `{` blocks enclose the statement being parsed.
    var blockDepth = 0
    /// How many `{` and `[` enclose the current token, for `maximumNestingDepth`.
    var nestingDepth = 0
    /// Set when nesting went past the limit: the rest of the input is skipped unparsed.
    var abandoned = false

    /// How deeply `{` blocks and `[` lists may nest in one source text.
    ///
    /// The parser, and the interpreter after it, recurse once per level, so without a bound
    /// a few thousand openings overflow the stack. No real script comes near 256 levels.
    public static let maximumNestingDepth = 256

    /// Parses `source` into a program and the diagnostics found on the way, in source order.
    ///
    /// - Parameters:
    ///   - source: The text to parse.
    ///   - file: The file name recorded in every location, or `nil` for interactive input.
    /// - Returns: The statements that parsed, and every lexical and syntax diagnostic.
    public static func parse(
        source: String, file: String? = nil
    ) -> (program: Program, diagnostics: [Diagnostic]) {
        let (tokens, lexical) = Lexer.tokenize(source, file: file)
        var parser = Parser(tokens: tokens)
        let statements = parser.parseStatements()
        let diagnostics = (lexical + parser.diagnostics).enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.location, rhs.element.location)
            if let left, let right, left != right { return left.precedes(right) }
            return lhs.offset < rhs.offset
        }
        let program = Program(statements: statements, source: source, file: file)
        return (program, diagnostics.map(\.element))
    }

    /// Whether a REPL should ask for another line before running `source`.
    ///
    /// True when the input ends inside an open `{` or `[`, or inside a string on its last
    /// line. A stray `}` or `]` makes the input wrong rather than incomplete, so it is false.
    public static func needsMoreInput(_ source: String) -> Bool {
        let (tokens, diagnostics) = Lexer.tokenize(source)
        var braces = 0
        var brackets = 0
        for token in tokens {
            switch token.kind {
            case .leftBrace: braces += 1
            case .leftBracket: brackets += 1
            case .rightBrace: braces -= 1
            case .rightBracket: brackets -= 1
            default: break
            }
            if braces < 0 || brackets < 0 { return false }
        }
        if braces > 0 || brackets > 0 { return true }
        let lastLine = SourceLines(source).count
        return diagnostics.contains {
            $0.kind == .unterminatedString && $0.location?.line == lastLine
        }
    }

    init(tokens: [Token]) {
        if let last = tokens.last, last.kind == .endOfInput {
            self.tokens = tokens
        } else {
            let end = tokens.last?.range.end ?? SourceLocation(line: 1, column: 1)
            self.tokens = tokens + [Token(kind: .endOfInput, text: "", location: end, length: 0)]
        }
    }

    // MARK: - Statement lists and recovery

    /// Parses statements until the end of input, or until a `}` when inside a block.
    mutating func parseStatements() -> [Statement] {
        var statements: [Statement] = []
        while true {
            while match(.newline) || match(.semicolon) {}
            if isAtEnd { break }
            if check(.rightBrace) {
                if blockDepth > 0 { break }
                let brace = advance()
                diagnostics.append(
                    Diagnostic(.unexpectedToken, "'}' without a matching '{'", range: brace.range))
                continue
            }
            do {
                statements.append(try parseStatement())
            } catch {
                if let diagnostic = error.diagnostic { diagnostics.append(diagnostic) }
                synchronize()
            }
        }
        return statements
    }

    /// Skips the rest of a failed statement: up to and including the next `;` or line break,
    /// or up to (not including) a `}` that closes the enclosing block.
    ///
    /// Line breaks inside a list the statement left open, or inside a nested `{ }`, are
    /// skipped too; a brace ends the list, since lists cannot contain braces.
    mutating func synchronize() {
        var braces = 0
        var brackets = openBrackets
        openBrackets = 0
        while !isAtEnd {
            switch peek.kind {
            case .leftBrace:
                brackets = 0  // A list cannot hold a brace, so any open '[' was left unclosed.
                braces += 1
            case .rightBrace:
                brackets = 0
                if braces == 0 && blockDepth > 0 { return }
                braces = max(0, braces - 1)
            case .leftBracket:
                brackets += 1
            case .rightBracket:
                brackets = max(0, brackets - 1)
            case .newline, .semicolon:
                if braces == 0 && brackets == 0 {
                    advance()
                    return
                }
            default:
                break
            }
            advance()
        }
    }

    // MARK: - Token helpers

    var peek: Token { token(at: current) }

    var previous: Token { token(at: current - 1) }

    var isAtEnd: Bool { peek.kind == .endOfInput }

    /// Whether the next token ends a statement: `;`, a line break, `}` or the end of input.
    var isAtStatementEnd: Bool {
        switch peek.kind {
        case .newline, .semicolon, .rightBrace, .endOfInput: return true
        default: return false
        }
    }

    func token(at position: Int) -> Token {
        tokens[min(max(position, 0), tokens.count - 1)]
    }

    func peek(_ offset: Int) -> Token { token(at: current + offset) }

    func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    func checkWord(_ text: String) -> Bool { peek.kind == .word && peek.text == text }

    @discardableResult
    mutating func advance() -> Token {
        let token = peek
        if !isAtEnd { current += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    /// Consumes a token of `kind`, or fails with "expected \(expected), found …".
    mutating func consume(_ kind: TokenKind, expected: String) throws(ParseFailure) -> Token {
        guard check(kind) else {
            throw failure(.unexpectedToken, "expected \(expected), found \(peek.quoted)", at: peek)
        }
        return advance()
    }

    /// Enters the `{` or `[` just consumed; past `maximumNestingDepth` reports it and gives up.
    ///
    /// Giving up moves to the end of the input, so the enclosing blocks and lists unwind
    /// without reporting themselves unclosed: the one diagnostic names the opening too many.
    mutating func enterNesting(at open: Token) throws(ParseFailure) {
        guard nestingDepth < Parser.maximumNestingDepth else {
            abandoned = true
            current = tokens.count - 1
            throw failure(
                .nestedTooDeeply,
                "nested too deeply: more than \(Parser.maximumNestingDepth) '{' and '[' are open"
                    + " here", at: open)
        }
        nestingDepth += 1
    }

    mutating func skipNewlines() {
        while match(.newline) {}
    }

    /// The range from `start` to the end of the last consumed token.
    func range(from start: Token) -> SourceRange {
        start.range.extended(to: previous.range)
    }

    /// A failure at `token`; silent when the lexer has already reported the token.
    func failure(
        _ kind: Diagnostic.Kind, _ message: String, at token: Token, suggestion: String? = nil
    ) -> ParseFailure {
        guard token.kind != .invalid else { return ParseFailure(diagnostic: nil) }
        return ParseFailure(
            diagnostic: Diagnostic(
                kind, message, at: token.location, length: max(token.length, 1),
                suggestion: suggestion))
    }
}

/// Unwinds the parse of one statement; carries its diagnostic unless already reported.
struct ParseFailure: Error {
    /// The diagnostic to report, or `nil` when the lexer reported the cause.
    var diagnostic: Diagnostic?
}
