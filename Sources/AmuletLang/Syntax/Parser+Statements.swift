// Statements: commands, let, for, repeat, def and calls.

extension Parser {
    /// Every word a statement may start with, for "did you mean" on an unknown verb.
    static let statementWords = Verb.allCases.map(\.rawValue) + Keyword.allCases.map(\.rawValue)

    /// `stmt := command | let | for | repeat | def | NAME`, then the end of the statement.
    mutating func parseStatement() throws(ParseFailure) -> Statement {
        openBrackets = 0
        let first = peek
        guard first.kind == .word else {
            throw failure(.unexpectedToken, "expected a command, found \(first.quoted)", at: first)
        }
        let statement: Statement
        if let keyword = Keyword(rawValue: first.text) {
            switch keyword {
            case .let: statement = try parseLet()
            case .for: statement = try parseFor()
            case .repeat: statement = try parseRepeat()
            case .def: statement = try parseDef()
            case .assert: statement = try parseAssert()
            case .tune: statement = try parseTune()
            case .in:
                throw failure(
                    .unexpectedToken, "'in' can only follow the variable of a 'for' loop",
                    at: first)
            }
        } else if let verb = Verb(rawValue: first.text) {
            statement = try parseCommand(verb)
        } else {
            statement = try parseCall()
        }
        guard isAtStatementEnd else {
            throw failure(
                .unexpectedToken,
                "expected ';' or a new line after the statement, found "
                    + peek.quoted, at: peek)
        }
        return statement
    }

    /// `command := VERB WORD? arg*` with `arg := NAME '=' expr | expr`.
    mutating func parseCommand(_ verb: Verb) throws(ParseFailure) -> Statement {
        let verbToken = advance()
        var subject: Token?
        if peek.kind == .word && peek(1).kind != .equals {
            subject = advance()
        }
        var arguments: [Argument] = []
        while !isAtStatementEnd {
            if peek.kind == .word && peek(1).kind == .equals {
                let name = advance()
                advance()
                guard Lexer.isValidName(name.text) else {
                    throw failure(
                        .badArgument, "'\(name.text)' is not a valid parameter name", at: name)
                }
                let value = try parseExpression(after: "'\(name.text)='")
                arguments.append(Argument(name: name.text, nameRange: name.range, value: value))
            } else {
                arguments.append(Argument(value: try parseExpression(after: nil)))
            }
        }
        let command = Command(
            verb: verb, verbRange: verbToken.range, subject: subject?.text,
            subjectRange: subject?.range, arguments: arguments, range: range(from: verbToken))
        return .command(command)
    }

    /// A bare name calls a def; a name followed by more is an unknown verb.
    mutating func parseCall() throws(ParseFailure) -> Statement {
        let name = advance()
        guard isAtStatementEnd else {
            throw failure(
                .unknownVerb, "unknown command '\(name.text)'", at: name,
                suggestion: Suggestion.didYouMean(name.text, among: Parser.statementWords))
        }
        return .call(name: name.text, range: name.range)
    }

    /// `'let' NAME '=' expr`.
    mutating func parseLet() throws(ParseFailure) -> Statement {
        let keyword = advance()
        let name = try consumeName(after: "'let'", allowVerbs: true)
        _ = try consume(.equals, expected: "'=' after '\(name.text)'")
        let value = try parseExpression(after: "'='")
        return .let(
            name: name.text, nameRange: name.range, value: value, range: range(from: keyword))
    }

    /// `'for' NAME 'in' expr block`.
    mutating func parseFor() throws(ParseFailure) -> Statement {
        let keyword = advance()
        let variable = try consumeName(after: "'for'", allowVerbs: true)
        guard checkWord(Keyword.in.rawValue) else {
            throw failure(
                .unexpectedToken, "expected 'in' after '\(variable.text)', found \(peek.quoted)",
                at: peek)
        }
        advance()
        let sequence = try parseExpression(after: "'in'")
        let body = try parseBlock()
        return .forLoop(
            variable: variable.text, variableRange: variable.range, sequence: sequence,
            body: body, range: range(from: keyword))
    }

    /// `'repeat' NUMBER block`, where the number is a positive whole number like `5`.
    mutating func parseRepeat() throws(ParseFailure) -> Statement {
        let keyword = advance()
        let countToken = peek
        let isWholeNumber =
            !countToken.text.isEmpty
            && countToken.text.allSatisfy { $0.isASCII && $0.isWholeNumber }
        guard case .number = countToken.kind, isWholeNumber, let count = Int(countToken.text),
            count > 0
        else {
            throw failure(
                .badArgument,
                "'repeat' needs a positive whole number of times, found \(countToken.quoted)",
                at: countToken)
        }
        advance()
        let body = try parseBlock()
        return .repeatLoop(
            count: count, countRange: countToken.range, body: body, range: range(from: keyword))
    }

    /// `'def' NAME block`; the name may not be a verb or keyword, or it could not be called.
    mutating func parseDef() throws(ParseFailure) -> Statement {
        let keyword = advance()
        let name = try consumeName(after: "'def'", allowVerbs: false)
        let body = try parseBlock()
        return .def(name: name.text, nameRange: name.range, body: body, range: range(from: keyword))
    }

    /// `block := '{' program '}'`; an unclosed block is reported at its `{`.
    mutating func parseBlock() throws(ParseFailure) -> [Statement] {
        let open = try consume(.leftBrace, expected: "'{' to start a block")
        try enterNesting(at: open)
        defer { nestingDepth -= 1 }
        blockDepth += 1
        let body = parseStatements()
        blockDepth -= 1
        if abandoned { throw ParseFailure(diagnostic: nil) }
        guard match(.rightBrace) else {
            throw failure(
                .unclosedBlock, "'{' is never closed; add a '}' to end the block", at: open)
        }
        return body
    }

    /// Consumes a word that is a valid name, such as the variable of `let` or `for`.
    ///
    /// Keywords never name anything; verbs may name variables (`$load` is unambiguous) but
    /// not defs, which a bare name calls and a verb would shadow.
    mutating func consumeName(
        after context: String, allowVerbs: Bool
    ) throws(ParseFailure) -> Token {
        let name = peek
        guard name.kind == .word else {
            throw failure(
                .unexpectedToken, "expected a name after \(context), found \(name.quoted)",
                at: name)
        }
        guard Lexer.isValidName(name.text) else {
            throw failure(.badArgument, "'\(name.text)' is not a valid name", at: name)
        }
        let isReserved =
            Keyword(rawValue: name.text) != nil || (!allowVerbs && Verb(rawValue: name.text) != nil)
        guard !isReserved else {
            throw failure(
                .badArgument, "'\(name.text)' is a reserved word and cannot be used as a name",
                at: name)
        }
        return advance()
    }
}
