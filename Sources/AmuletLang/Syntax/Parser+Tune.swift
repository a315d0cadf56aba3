// The `tune` statement.

extension Parser {
    /// The words that end a `tune`'s defenses and start its constraints: `subject to`.
    static let tuneSubjectWords = ("subject", "to")
    /// The word between two constraints.
    static let tuneAndWord = "and"
    /// The word that starts a clause of parameters for a measuring plug-in.
    static let tuneWithWord = "with"

    /// `'tune' (DEFENSE (NAME '=' expr)*)+ 'subject' 'to' constraint ('and' constraint)*
    /// ('with' PLUGIN (NAME '=' expr)*)*` with `constraint := METRIC COMPARISON expr`.
    ///
    /// A defense is a word not followed by `=`; its parameters follow until the next such word
    /// or `subject to`. A defense called `subject` would be ambiguous only before `to`.
    mutating func parseTune() throws(ParseFailure) -> Statement {
        let keyword = advance()
        var axes: [TuneAxis] = []
        while !isTuneSubjectTo {
            let name = peek
            guard name.kind == .word, peek(1).kind != .equals else {
                let expected =
                    axes.isEmpty ? "a defense name after 'tune'" : "a defense or 'subject to'"
                throw failure(
                    .unexpectedToken, "expected \(expected), found \(name.quoted)", at: name,
                    suggestion: "such as 'tune dp eps=[1, 8] subject to accuracy >= 0.8'")
            }
            advance()
            let arguments = try parseTuneArguments()
            axes.append(
                TuneAxis(defense: name.text, defenseRange: name.range, arguments: arguments))
        }
        guard !axes.isEmpty else {
            throw failure(
                .missingArgument, "expected a defense name after 'tune', found \(peek.quoted)",
                at: peek, suggestion: "such as 'tune dp eps=[1, 8] subject to accuracy >= 0.8'")
        }
        advance()
        advance()
        var constraints = [try parseTuneConstraint()]
        while checkWord(Parser.tuneAndWord) {
            advance()
            constraints.append(try parseTuneConstraint())
        }
        var options: [TuneOption] = []
        while checkWord(Parser.tuneWithWord) {
            advance()
            let name = peek
            guard name.kind == .word, peek(1).kind != .equals else {
                throw failure(
                    .missingArgument, "expected a plug-in name after 'with', found \(name.quoted)",
                    at: name, suggestion: "such as 'with mia shadows=8'")
            }
            advance()
            options.append(
                TuneOption(
                    plugin: name.text, pluginRange: name.range,
                    arguments: try parseTuneArguments()))
        }
        return .tune(
            Tune(
                axes: axes, constraints: constraints, options: options,
                range: range(from: keyword)))
    }

    /// `(NAME '=' expr)*`: the parameters after a defense or a `with` plug-in.
    private mutating func parseTuneArguments() throws(ParseFailure) -> [Argument] {
        var arguments: [Argument] = []
        while peek.kind == .word && peek(1).kind == .equals {
            let parameter = advance()
            advance()
            guard Lexer.isValidName(parameter.text) else {
                throw failure(
                    .badArgument, "'\(parameter.text)' is not a valid parameter name",
                    at: parameter)
            }
            let value = try parseExpression(after: "'\(parameter.text)='")
            arguments.append(
                Argument(name: parameter.text, nameRange: parameter.range, value: value))
        }
        return arguments
    }

    /// Whether the next two words are `subject to`.
    private var isTuneSubjectTo: Bool {
        checkWord(Parser.tuneSubjectWords.0) && peek(1).kind == .word
            && peek(1).text == Parser.tuneSubjectWords.1
    }

    /// `METRIC COMPARISON expr`.
    private mutating func parseTuneConstraint() throws(ParseFailure) -> TuneConstraint {
        let metric = peek
        guard metric.kind == .word else {
            throw failure(
                .missingArgument, "expected a metric name in a constraint, found \(metric.quoted)",
                at: metric, suggestion: "such as 'accuracy >= 0.8'")
        }
        advance()
        guard case .comparison(let comparison) = peek.kind else {
            throw failure(
                .unexpectedToken,
                "expected <, <=, > or >= after '\(metric.text)', found \(peek.quoted)", at: peek,
                suggestion: "such as '\(metric.text) <= 0.55'")
        }
        advance()
        let bound = try parseExpression(after: "'\(comparison.rawValue)'")
        return TuneConstraint(
            metric: metric.text, metricRange: metric.range, comparison: comparison,
            bound: bound, range: range(from: metric))
    }
}
