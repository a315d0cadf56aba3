// The `assert` statement.

extension Parser {
    /// The word that introduces an interval bound: `assert accuracy within 0.7..0.9`.
    static let withinWord = "within"

    /// `'assert' (STRING | WORD)? METRIC (COMPARISON expr | 'within' expr '..' expr)`.
    ///
    /// Two words before the condition are a scenario (a role or a label) and a metric; one
    /// word is the metric. A quoted string first is always a scenario label.
    mutating func parseAssert() throws(ParseFailure) -> Statement {
        let keyword = advance()
        var scenario: Token?
        if case .string = peek.kind {
            scenario = advance()
        } else if peek.kind == .word, peek(1).kind == .word,
            peek(1).text != Parser.withinWord
        {
            scenario = advance()
        }
        let metric = peek
        guard metric.kind == .word else {
            throw failure(
                .missingArgument, "expected a metric name after 'assert', found \(metric.quoted)",
                at: metric, suggestion: "such as 'assert accuracy > 0.8'")
        }
        advance()
        let boundStart = peek
        let bound: AssertionBound
        if case .comparison(let comparison) = boundStart.kind {
            advance()
            bound = .comparison(
                comparison, try parseExpression(after: "'\(comparison.rawValue)'"))
        } else if checkWord(Parser.withinWord) {
            advance()
            let lower = try parseExpression(after: "'within'")
            let isDots = check(.dotDot) || checkWord("..")
            guard isDots else {
                throw failure(
                    .unexpectedToken, "expected '..' between the bounds, found \(peek.quoted)",
                    at: peek, suggestion: "such as 'within 0.7..0.9'")
            }
            advance()
            let upper = try parseExpression(after: "'..'")
            bound = .within(lower: lower, upper: upper)
        } else {
            throw failure(
                .unexpectedToken,
                "expected <, <=, >, >= or 'within' after '\(metric.text)', found "
                    + boundStart.quoted, at: boundStart,
                suggestion: "such as 'assert \(metric.text) < 0.55'")
        }
        var scenarioName: String?
        if let scenario {
            if case .string(let value) = scenario.kind {
                scenarioName = value
            } else {
                scenarioName = scenario.text
            }
        }
        return .assert(
            Assertion(
                scenario: scenarioName, scenarioRange: scenario?.range, metric: metric.text,
                metricRange: metric.range, bound: bound, boundRange: range(from: boundStart),
                range: range(from: keyword)))
    }
}
