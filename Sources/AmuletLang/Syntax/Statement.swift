/// One statement of a program: a command, a binding, a loop, a definition or a call.
public indirect enum Statement: Sendable, Equatable, Hashable {
    /// A verb with its arguments: `train mlp epochs=20`.
    case command(Command)
    /// `let name = value`.
    case `let`(name: String, nameRange: SourceRange, value: Expr, range: SourceRange)
    /// `for variable in sequence { body }`.
    case forLoop(
        variable: String, variableRange: SourceRange, sequence: Expr, body: [Statement],
        range: SourceRange)
    /// `repeat count { body }`, with `count` a positive whole number.
    case repeatLoop(count: Int, countRange: SourceRange, body: [Statement], range: SourceRange)
    /// `def name { body }`.
    case def(name: String, nameRange: SourceRange, body: [Statement], range: SourceRange)
    /// `assert [SCENARIO] METRIC < bound` or `… within a..b`.
    case assert(Assertion)
    /// `tune DEFENSE PARAM=[…] … subject to METRIC OP x (and …)*`.
    case tune(Tune)
    /// A bare name on its own, which calls the def of that name.
    case call(name: String, range: SourceRange)

    /// The whole statement, from its first token to its last (a block's closing `}`).
    public var range: SourceRange {
        switch self {
        case .command(let command): return command.range
        case .assert(let assertion): return assertion.range
        case .tune(let tune): return tune.range
        case .let(_, _, _, let range), .forLoop(_, _, _, _, let range),
            .repeatLoop(_, _, _, let range), .def(_, _, _, let range), .call(_, let range):
            return range
        }
    }
}
