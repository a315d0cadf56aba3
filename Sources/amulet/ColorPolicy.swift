/// Whether output may carry colour: only on a terminal, and never with `NO_COLOR` set.
///
/// The convention of no-color.org: a `NO_COLOR` variable that is present and not empty turns
/// colour off whatever the terminal.
enum ColorPolicy {
    /// Whether a stream that `isTerminal` may be coloured under `environment`.
    static func allows(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        return (environment["NO_COLOR"] ?? "").isEmpty
    }
}
