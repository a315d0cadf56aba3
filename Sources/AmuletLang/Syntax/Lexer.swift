/// Splits Amulet source into tokens, reporting malformed text as diagnostics.
///
/// The lexer never fails: text it rejects becomes one `.invalid` token plus one diagnostic,
/// so the parser can skip the statement quietly. Comments (`#` to the end of the line) and
/// spaces produce no tokens; line breaks do, because they separate statements.
///
/// It scans one code per `Character` (so columns and lengths count `Character`s): the ASCII
/// value, with `"\r\n"` as 10, or `nonASCII`, whose `Character` is then looked up. Unicode
/// property lookups and `[Character]` slicing are slow, and almost every script is ASCII
/// (the parse benchmark depends on it).
public struct Lexer: Sendable {
    /// The code of every `Character` outside ASCII.
    static let nonASCII: UInt8 = 0x80

    /// The source's UTF-8 bytes.
    let bytes: [UInt8]
    /// One code per `Character`.
    let codes: [UInt8]
    /// One per code when the source has non-ASCII text; empty otherwise.
    let characters: [Character]
    /// Where each `Character` starts in `bytes`, plus the end, when a `Character` is not one
    /// byte; empty when `codes` and `bytes` line up.
    let offsets: [Int]
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
        var lexer = Lexer(source: source, file: file)
        lexer.scanAll()
        return (lexer.tokens, lexer.diagnostics)
    }

    /// Whether `text` can name a variable, def or argument: a letter or `_`, then letters,
    /// digits, `_` or `-`.
    public static func isValidName(_ text: String) -> Bool {
        guard let first = text.first, isNameStart(first) else { return false }
        return text.dropFirst().allSatisfy(isNameContinuation)
    }

    private init(source: String, file: String?) {
        let bytes = Array(source.utf8)
        self.bytes = bytes
        self.file = file
        if bytes.allSatisfy({ $0 < Lexer.nonASCII }) {
            // In ASCII text only "\r\n" joins two bytes into one `Character`.
            characters = []
            if bytes.contains(13) {
                var codes: [UInt8] = []
                var offsets: [Int] = []
                codes.reserveCapacity(bytes.count)
                offsets.reserveCapacity(bytes.count + 1)
                var position = 0
                while position < bytes.count {
                    offsets.append(position)
                    if bytes[position] == 13, position + 1 < bytes.count, bytes[position + 1] == 10
                    {
                        codes.append(10)
                        position += 2
                    } else {
                        codes.append(bytes[position])
                        position += 1
                    }
                }
                offsets.append(position)
                self.codes = codes
                self.offsets = offsets
            } else {
                codes = bytes
                offsets = []
            }
        } else {
            let characters = Array(source)
            var offsets: [Int] = []
            offsets.reserveCapacity(characters.count + 1)
            var position = 0
            for character in characters {
                offsets.append(position)
                position += character.utf8.count
            }
            offsets.append(position)
            self.codes = characters.map { $0.asciiValue ?? Lexer.nonASCII }
            self.characters = characters
            self.offsets = offsets
        }
    }

    // MARK: - Driver

    private mutating func scanAll() {
        tokens.reserveCapacity(codes.count / 4 + 1)
        while let code = peek() {
            if isNewline(at: index) {
                scanSingle(.newline)
                continue
            }
            if isWhitespace(at: index) {
                advance()
                continue
            }
            switch code {
            case UInt8(ascii: "#"): skipComment()
            case UInt8(ascii: "="): scanSingle(.equals)
            case UInt8(ascii: ","): scanSingle(.comma)
            case UInt8(ascii: ";"): scanSingle(.semicolon)
            case UInt8(ascii: "["): scanSingle(.leftBracket)
            case UInt8(ascii: "]"): scanSingle(.rightBracket)
            case UInt8(ascii: "{"): scanSingle(.leftBrace)
            case UInt8(ascii: "}"): scanSingle(.rightBrace)
            case UInt8(ascii: "\""): scanString()
            case UInt8(ascii: "$"): scanVariable()
            case UInt8(ascii: "<"), UInt8(ascii: ">"): scanComparison()
            default:
                if startsNumber(at: index) {
                    scanNumber()
                } else if isWordStart(at: index) {
                    scanWord()
                } else {
                    scanUnexpected()
                }
            }
        }
        tokens.append(Token(kind: .endOfInput, text: "", location: location, length: 0))
    }

    private mutating func skipComment() {
        // A comment never holds a line break, so only the column moves.
        let start = index
        while index < codes.count, !isNewline(at: index) { index += 1 }
        column += index - start
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
        advanceWhile(Lexer.isASCIIWordContinuation)
        addToken(.word, from: startIndex, at: start)
    }

    /// `<`, `<=`, `>` or `>=`.
    private mutating func scanComparison() {
        let start = location
        let startIndex = index
        let isLess = peek() == UInt8(ascii: "<")
        advance()
        let orEqual = peek() == UInt8(ascii: "=")
        if orEqual { advance() }
        let comparison: ComparisonOperator =
            isLess ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)
        addToken(.comparison(comparison), from: startIndex, at: start)
    }

    private mutating func scanVariable() {
        let start = location
        let startIndex = index
        advance()
        guard index < codes.count, isNameStart(at: index) else {
            report(.unexpectedCharacter, "expected a variable name after '$'", at: start)
            addToken(.invalid, from: startIndex, at: start)
            return
        }
        advanceWhile(Lexer.isASCIINameContinuation)
        let name = text((startIndex + 1)..<index)
        addToken(.variable(name: name), from: startIndex, at: start)
    }

    /// Groups a run of characters that cannot start a token into one diagnostic.
    private mutating func scanUnexpected() {
        let start = location
        let startIndex = index
        advance()
        while index < codes.count, !isWhitespace(at: index), !canStartToken(at: index) {
            advance()
        }
        let run = text(startIndex..<index)
        let shown = run.unicodeScalars.map { $0.escaped(asASCII: false) }.joined()
        let count = index - startIndex
        let noun = count == 1 ? "character" : "characters"
        report(.unexpectedCharacter, "unexpected \(noun) '\(shown)'", at: start, length: count)
        addToken(.invalid, from: startIndex, at: start)
    }

    // MARK: - Helpers shared with Lexer+Literals

    var location: SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// The code `offset` characters ahead, or `nil` past the end.
    func peek(_ offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < codes.count ? codes[position] : nil
    }

    /// The source text of the characters in `range`.
    func text(_ range: Range<Int>) -> String {
        if offsets.isEmpty {
            return String(decoding: bytes[range], as: UTF8.self)
        }
        return String(
            decoding: bytes[offsets[range.lowerBound]..<offsets[range.upperBound]], as: UTF8.self)
    }

    mutating func advance() {
        guard index < codes.count else { return }
        if isNewline(at: index) {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    /// Advances over ASCII characters matching `ascii` and non-ASCII letters; `ascii` must
    /// reject line breaks.
    mutating func advanceWhile(_ ascii: (UInt8) -> Bool) {
        let start = index
        while index < codes.count {
            let code = codes[index]
            let matches = code < Lexer.nonASCII ? ascii(code) : characters[index].isLetter
            guard matches else { break }
            index += 1
        }
        column += index - start
    }

    mutating func addToken(_ kind: TokenKind, from startIndex: Int, at start: SourceLocation) {
        tokens.append(
            Token(
                kind: kind, text: text(startIndex..<index), location: start,
                length: index - startIndex))
    }

    mutating func report(
        _ kind: Diagnostic.Kind, _ message: String, at start: SourceLocation, length: Int = 1
    ) {
        diagnostics.append(Diagnostic(kind, message, at: start, length: length))
    }

    func isDigit(_ code: UInt8?) -> Bool {
        guard let code else { return false }
        return Lexer.isASCIIDigit(code)
    }

    /// A number starts with a digit, `.digit`, `-digit` or `-.digit`.
    func startsNumber(at position: Int) -> Bool {
        let offset = position - index
        var next = offset
        if peek(next) == UInt8(ascii: "-") { next += 1 }
        if isDigit(peek(next)) { return true }
        return peek(next) == UInt8(ascii: ".") && isDigit(peek(next + 1))
    }

    private func canStartToken(at position: Int) -> Bool {
        guard position < codes.count else { return false }
        switch codes[position] {
        case UInt8(ascii: "#"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: "\""), UInt8(ascii: "$"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default:
            return isNewline(at: position) || isWordStart(at: position)
                || startsNumber(at: position)
        }
    }

    // MARK: - Character classes by position

    func isNewline(at position: Int) -> Bool {
        let code = codes[position]
        if code < Lexer.nonASCII { return code >= 10 && code <= 13 }
        return characters[position].isNewline
    }

    func isWhitespace(at position: Int) -> Bool {
        let code = codes[position]
        if code < Lexer.nonASCII { return code == 32 || (code >= 9 && code <= 13) }
        return characters[position].isWhitespace
    }

    func isWordStart(at position: Int) -> Bool {
        let code = codes[position]
        if code < Lexer.nonASCII { return Lexer.isASCIIWordStart(code) }
        return characters[position].isLetter
    }

    func isWordContinuation(at position: Int) -> Bool {
        let code = codes[position]
        if code < Lexer.nonASCII { return Lexer.isASCIIWordContinuation(code) }
        return characters[position].isLetter
    }

    func isNameStart(at position: Int) -> Bool {
        let code = codes[position]
        if code < Lexer.nonASCII { return Lexer.isASCIINameStart(code) }
        return characters[position].isLetter
    }

    func isNameContinuation(at position: Int) -> Bool {
        let code = codes[position]
        if code < Lexer.nonASCII { return Lexer.isASCIINameContinuation(code) }
        return characters[position].isLetter
    }

    // MARK: - Character classes by value

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// A letter, `_`, `.`, `/` or `~`.
    static func isASCIIWordStart(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || byte == 95 || byte == 46 || byte == 47 || byte == 126
    }

    /// A letter, digit, `_`, `.`, `/`, `-`, `~` or `:`.
    static func isASCIIWordContinuation(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || isASCIIDigit(byte) || byte == 95 || byte == 46 || byte == 47
            || byte == 45 || byte == 126 || byte == 58
    }

    /// A letter or `_`.
    static func isASCIINameStart(_ byte: UInt8) -> Bool { isASCIILetter(byte) || byte == 95 }

    /// A letter, digit, `_` or `-`.
    static func isASCIINameContinuation(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || isASCIIDigit(byte) || byte == 95 || byte == 45
    }

    static func isNameStart(_ character: Character) -> Bool {
        if let byte = character.asciiValue { return isASCIINameStart(byte) }
        return character.isLetter
    }

    static func isNameContinuation(_ character: Character) -> Bool {
        if let byte = character.asciiValue { return isASCIINameContinuation(byte) }
        return character.isLetter
    }
}
