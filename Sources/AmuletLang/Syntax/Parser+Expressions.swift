// Expressions: literals, words, variables and lists.

extension Parser {
    /// `expr := NUMBER | STRING | WORD | '$' NAME | '[' expr (',' expr)* ']'`.
    ///
    /// `context` names what the value follows (such as `'epochs='`) for the error message.
    mutating func parseExpression(after context: String?) throws(ParseFailure) -> Expr {
        let token = peek
        switch token.kind {
        case .number(let value, let isPercent):
            advance()
            return .number(value: value, text: token.text, isPercent: isPercent, range: token.range)
        case .string(let value):
            advance()
            return .string(value, range: token.range)
        case .word:
            advance()
            return .word(token.text, range: token.range)
        case .variable(let name):
            advance()
            return .variable(name: name, range: token.range)
        case .leftBracket:
            return try parseList()
        default:
            let place = context.map { " after \($0)" } ?? ""
            throw failure(
                .unexpectedToken, "expected a value\(place), found \(token.quoted)", at: token)
        }
    }

    /// A non-empty list; line breaks inside the brackets are ignored.
    mutating func parseList() throws(ParseFailure) -> Expr {
        let open = advance()
        try enterNesting(at: open)
        defer { nestingDepth -= 1 }
        openBrackets += 1
        var elements: [Expr] = []
        repeat {
            skipNewlines()
            elements.append(try parseExpression(after: elements.isEmpty ? "'['" : "','"))
            skipNewlines()
        } while match(.comma)
        guard match(.rightBracket) else {
            if isAtEnd {
                throw failure(
                    .unclosedBlock, "'[' is never closed; add a ']' to end the list", at: open)
            }
            throw failure(
                .unexpectedToken, "expected ',' or ']' in the list, found \(peek.quoted)",
                at: peek)
        }
        openBrackets -= 1
        return .list(elements, range: range(from: open))
    }
}
