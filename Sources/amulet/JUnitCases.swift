import AmuletLang
import AmuletNotebook

/// Turns a cell's result into JUnit test cases: one per `assert`, one per failed cell.
///
/// A cell that failed only on assertions is reported by those assertions' cases; a cell that
/// failed otherwise (a typo, a missing file) gets a case of its own with the diagnostic.
enum JUnitCases {
    /// The cases of one cell that took `seconds`.
    static func of(_ result: CellResult, seconds: Double) -> [JUnitCase] {
        var cases = result.assertions.map { outcome in
            JUnitCase(
                name: "\(outcome.location): \(outcome.source)",
                failure: outcome.passed
                    ? nil
                    : JUnitFailure(
                        message: outcome.message, type: "assertion",
                        text: "\(outcome.location): assertion failed: \(outcome.message)"))
        }
        if !result.succeeded && !result.failedOnlyOnAssertions {
            let renderer = DiagnosticRenderer(useColor: false)
            let errors = result.diagnostics.filter { $0.severity == .error }
            let text = errors.map { diagnostic in
                renderer.render(
                    diagnostic, source: result.sources[diagnostic.location?.file ?? "<input>"])
            }.joined(separator: "\n")
            cases.append(
                JUnitCase(
                    name: "cell \(result.cell)", seconds: seconds,
                    failure: JUnitFailure(
                        message: errors.first?.description ?? "the cell failed", type: "error",
                        text: text)))
        }
        return cases
    }
}
