/// Splits Amulet source into tokens, reporting malformed text as diagnostics.
///
/// The lexer never fails: text it rejects becomes one `.invalid` token plus one diagnostic,
/// so the parser can skip the statement quietly. Comments (`#` to the end of the line) and
/// spaces produce no tokens; line breaks do, because they separate statements.
public struct Lexer: Sendable {
    let characters: [Character]
    let file: String?
    var index = 0
    var line = 1
    var column = 1
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []

    /// Tokenizes `source`; the token list always ends with `.endOfInput`.
    ///
    /// - Parameters:
    ///   - source: The text to split.
    ///   - file: The file name recorded in every location, or `nil` for interactive input.
    /// - Returns: The tokens and the lexical diagnostics, in source order.
    public static func tokenize(
        _ source: String, file: String? = nil
    ) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(characters: Array(source), file: file)
        lexer.scanAll()
        return (lexer.tokens, lexer.diagnostics)
    }

    /// Whether `text` can name a variable, def or argument: a letter or `_`, then letters,
    /// digits, `_` or `-`.
    public static func isValidName(_ text: String) -> Bool {
        guard let first = text.first, isNameStart(first) else { return false }
        return text.dropFirst().allSatisfy(isNameContinuation)
    }

    private init(characters: [Character], file: String?) {
        self.characters = characters
        self.file = file
    }

    // MARK: - Driver

    private mutating func scanAll() {
        while let character = peek() {
            if Lexer.isNewline(character) {
                scanSingle(.newline)
                continue
            }
            if Lexer.isWhitespace(character) {
                advance()
                continue
            }
            switch character {
            case "#": skipComment()
            case "=": scanSingle(.equals)
            case ",": scanSingle(.comma)
            case ";": scanSingle(.semicolon)
            case "[": scanSingle(.leftBracket)
            case "]": scanSingle(.rightBracket)
            case "{": scanSingle(.leftBrace)
            case "}": scanSingle(.rightBrace)
            case "\"": scanString()
            case "$": scanVariable()
            default:
                if startsNumber(at: index) {
                    scanNumber()
                } else if Lexer.isWordStart(character) {
                    scanWord()
                } else {
                    scanUnexpected()
                }
            }
        }
        tokens.append(Token(kind: .endOfInput, text: "", location: location, length: 0))
    }

    private mutating func skipComment() {
        while let character = peek(), !Lexer.isNewline(character) {
            advance()
        }
    }

    private mutating func scanSingle(_ kind: TokenKind) {
        let start = location
        let startIndex = index
        advance()
        addToken(kind, from: startIndex, at: start)
    }

    private mutating func scanWord() {
        let start = location
        let startIndex = index
        while let character = peek(), Lexer.isWordContinuation(character) {
            advance()
        }
        addToken(.word, from: startIndex, at: start)
    }

    private mutating func scanVariable() {
        let start = location
        let startIndex = index
        advance()
        guard let first = peek(), Lexer.isNameStart(first) else {
            report(.unexpectedCharacter, "expected a variable name after '$'", at: start)
            addToken(.invalid, from: startIndex, at: start)
            return
        }
        while let character = peek(), Lexer.isNameContinuation(character) {
            advance()
        }
        let name = String(characters[(startIndex + 1)..<index])
        addToken(.variable(name: name), from: startIndex, at: start)
    }

    /// Groups a run of characters that cannot start a token into one diagnostic.
    private mutating func scanUnexpected() {
        let start = location
        let startIndex = index
        advance()
        while let character = peek(), !character.isWhitespace, !canStartToken(at: index) {
            advance()
        }
        let run = characters[startIndex..<index]
        let shown = run.flatMap { $0.unicodeScalars }.map { $0.escaped(asASCII: false) }.joined()
        let noun = run.count == 1 ? "character" : "characters"
        report(.unexpectedCharacter, "unexpected \(noun) '\(shown)'", at: start, length: run.count)
        addToken(.invalid, from: startIndex, at: start)
    }

    // MARK: - Helpers shared with Lexer+Literals

    var location: SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    func peek(_ offset: Int = 0) -> Character? {
        let position = index + offset
        return position < characters.count ? characters[position] : nil
    }

    mutating func advance() {
        guard index < characters.count else { return }
        if Lexer.isNewline(characters[index]) {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    mutating func addToken(_ kind: TokenKind, from startIndex: Int, at start: SourceLocation) {
        let text = String(characters[startIndex..<index])
        tokens.append(Token(kind: kind, text: text, location: start, length: index - startIndex))
    }

    mutating func report(
        _ kind: Diagnostic.Kind, _ message: String, at start: SourceLocation, length: Int = 1
    ) {
        diagnostics.append(Diagnostic(kind, message, at: start, length: length))
    }

    func isDigit(_ character: Character?) -> Bool {
        guard let byte = character?.asciiValue else { return false }
        return Lexer.isASCIIDigit(byte)
    }

    /// A number starts with a digit, `.digit`, `-digit` or `-.digit`.
    func startsNumber(at position: Int) -> Bool {
        let offset = position - index
        var next = offset
        if peek(next) == "-" { next += 1 }
        if isDigit(peek(next)) { return true }
        return peek(next) == "." && isDigit(peek(next + 1))
    }

    private func canStartToken(at position: Int) -> Bool {
        guard let character = peek(position - index) else { return false }
        if character.isNewline || "#=,;[]{}\"$".contains(character) { return true }
        return Lexer.isWordStart(character) || startsNumber(at: position)
    }

    // The predicates test ASCII bytes first: Unicode property lookups on `Character` are
    // slow, and almost every script is ASCII (the parse benchmark depends on it).

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    static func isNewline(_ character: Character) -> Bool {
        if let byte = character.asciiValue { return byte == 10 || byte == 13 || byte == 11 || byte == 12 }
        return character.isNewline
    }

    static func isWhitespace(_ character: Character) -> Bool {
        if let byte = character.asciiValue { return byte == 32 || (byte >= 9 && byte <= 13) }
        return character.isWhitespace
    }

    static func isWordStart(_ character: Character) -> Bool {
        if let byte = character.asciiValue {
            return isASCIILetter(byte) || byte == 95 || byte == 46 || byte == 47 || byte == 126
        }
        return character.isLetter
    }

    static func isWordContinuation(_ character: Character) -> Bool {
        if let byte = character.asciiValue {
            return isASCIILetter(byte) || isASCIIDigit(byte) || byte == 95 || byte == 46
                || byte == 47 || byte == 45 || byte == 126 || byte == 58
        }
        return character.isLetter
    }

    static func isNameStart(_ character: Character) -> Bool {
        if let byte = character.asciiValue { return isASCIILetter(byte) || byte == 95 }
        return character.isLetter
    }

    static func isNameContinuation(_ character: Character) -> Bool {
        if let byte = character.asciiValue {
            return isASCIILetter(byte) || isASCIIDigit(byte) || byte == 95 || byte == 45
        }
        return character.isLetter
    }
}
