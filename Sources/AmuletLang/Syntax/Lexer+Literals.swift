// Number and string literals.

extension Lexer {
    /// Scans `-? digits? (. digits)? ([eE] [+-]? digits)? %?`.
    ///
    /// A number directly followed by a word character, `.`, `%` or `+` (as in `1e`, `3.4.5`,
    /// `10%%` or `16x`) is reported as one malformed number covering the whole run.
    mutating func scanNumber() {
        let start = location
        let startIndex = index
        if peek() == "-" { advance() }
        while isDigit(peek()) { advance() }
        if peek() == ".", isDigit(peek(1)) {
            advance()
            while isDigit(peek()) { advance() }
        }
        if peek() == "e" || peek() == "E" {
            let signWidth = (peek(1) == "+" || peek(1) == "-") ? 1 : 0
            if isDigit(peek(1 + signWidth)) {
                for _ in 0...signWidth { advance() }
                while isDigit(peek()) { advance() }
            }
        }
        var isPercent = false
        if peek() == "%" {
            advance()
            isPercent = true
        }
        if let next = peek(), isNumberTail(next) {
            while let character = peek(), isNumberTail(character) { advance() }
            let text = String(characters[startIndex..<index])
            report(.badNumber, "malformed number '\(text)'", at: start, length: index - startIndex)
            addToken(.invalid, from: startIndex, at: start)
            return
        }
        let text = String(characters[startIndex..<index])
        let digits = isPercent ? String(text.dropLast()) : text
        guard let value = Double(digits), value.isFinite else {
            report(.badNumber, "number '\(text)' is too large", at: start, length: text.count)
            addToken(.invalid, from: startIndex, at: start)
            return
        }
        let kind = TokenKind.number(value: isPercent ? value / 100 : value, isPercent: isPercent)
        addToken(kind, from: startIndex, at: start)
    }

    private func isNumberTail(_ character: Character) -> Bool {
        Lexer.isWordContinuation(character) || character == "%" || character == "+"
    }

    /// Scans a double-quoted string on one line, decoding `\"`, `\\`, `\n` and `\t`.
    ///
    /// Both an unknown escape and a missing closing quote are reported at the opening quote.
    mutating func scanString() {
        let start = location
        let startIndex = index
        advance()
        var value = ""
        var badEscape: String?
        while true {
            guard let character = peek(), !character.isNewline else {
                report(
                    .unterminatedString,
                    "unterminated string; add a closing '\"' before the end of the line",
                    at: start)
                addToken(.invalid, from: startIndex, at: start)
                return
            }
            advance()
            if character == "\"" { break }
            guard character == "\\" else {
                value.append(character)
                continue
            }
            guard let escaped = peek(), !escaped.isNewline else { continue }
            advance()
            switch escaped {
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case "n": value.append("\n")
            case "t": value.append("\t")
            default: badEscape = badEscape ?? "\\\(escaped)"
            }
        }
        if let badEscape {
            report(
                .badEscape,
                "unknown escape '\(badEscape)' in string; use \\\", \\\\, \\n or \\t",
                at: start, length: index - startIndex)
            addToken(.invalid, from: startIndex, at: start)
            return
        }
        addToken(.string(value: value), from: startIndex, at: start)
    }
}
