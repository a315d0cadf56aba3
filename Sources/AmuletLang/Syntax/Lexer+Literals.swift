// Number and string literals.

extension Lexer {
    /// Scans `-? digits? (. digits)? ([eE] [+-]? digits)? %?`.
    ///
    /// A number directly followed by a word character, `.`, `%` or `+` (as in `1e`, `3.4.5`,
    /// `10%%` or `16x`) is reported as one malformed number covering the whole run.
    mutating func scanNumber() {
        let start = location
        let startIndex = index
        if peek() == UInt8(ascii: "-") { advance() }
        while isDigit(peek()) { advance() }
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            advance()
            while isDigit(peek()) { advance() }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let signWidth = (peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")) ? 1 : 0
            if isDigit(peek(1 + signWidth)) {
                for _ in 0...signWidth { advance() }
                while isDigit(peek()) { advance() }
            }
        }
        var isPercent = false
        if peek() == UInt8(ascii: "%") {
            advance()
            isPercent = true
        }
        // `0.5..0.9`: the number ends before `..`, which is its own token.
        let rangeFollows = peek() == UInt8(ascii: ".") && peek(1) == UInt8(ascii: ".")
        if !rangeFollows, index < codes.count, isNumberTail(at: index) {
            while index < codes.count, isNumberTail(at: index) { advance() }
            let text = text(startIndex..<index)
            report(.badNumber, "malformed number '\(text)'", at: start, length: index - startIndex)
            addToken(.invalid, from: startIndex, at: start)
            return
        }
        let text = text(startIndex..<index)
        let digits = isPercent ? String(text.dropLast()) : text
        guard let value = Double(digits), value.isFinite else {
            report(
                .badNumber, "number '\(text)' is too large", at: start, length: index - startIndex)
            addToken(.invalid, from: startIndex, at: start)
            return
        }
        let kind = TokenKind.number(value: isPercent ? value / 100 : value, isPercent: isPercent)
        tokens.append(Token(kind: kind, text: text, location: start, length: index - startIndex))
        if rangeFollows {
            let dotsStart = location
            let dotsIndex = index
            advance()
            advance()
            addToken(.dotDot, from: dotsIndex, at: dotsStart)
        }
    }

    private func isNumberTail(at position: Int) -> Bool {
        let code = codes[position]
        return isWordContinuation(at: position) || code == UInt8(ascii: "%")
            || code == UInt8(ascii: "+")
    }

    /// Scans a double-quoted string on one line, decoding `\"`, `\\`, `\n` and `\t`.
    ///
    /// Both an unknown escape and a missing closing quote are reported at the opening quote.
    mutating func scanString() {
        let start = location
        let startIndex = index
        advance()
        // The decoded value's UTF-8, kept only once an escape makes it differ from the source.
        var decoded: [UInt8]?
        var badEscape: String?
        while true {
            guard let code = peek(), !isNewline(at: index) else {
                report(
                    .unterminatedString,
                    "unterminated string; add a closing '\"' before the end of the line",
                    at: start)
                addToken(.invalid, from: startIndex, at: start)
                return
            }
            let characterIndex = index
            advance()
            if code == UInt8(ascii: "\"") { break }
            guard code == UInt8(ascii: "\\") else {
                if decoded != nil { decoded?.append(contentsOf: text(characterIndex..<index).utf8) }
                continue
            }
            if decoded == nil { decoded = Array(text((startIndex + 1)..<characterIndex).utf8) }
            guard let escaped = peek(), !isNewline(at: index) else { continue }
            advance()
            switch escaped {
            case UInt8(ascii: "\""): decoded?.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): decoded?.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "n"): decoded?.append(10)
            case UInt8(ascii: "t"): decoded?.append(9)
            default: badEscape = badEscape ?? "\\" + text((index - 1)..<index)
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
        let value =
            decoded.map { String(decoding: $0, as: UTF8.self) }
            ?? text((startIndex + 1)..<(index - 1))
        addToken(.string(value: value), from: startIndex, at: start)
    }
}
