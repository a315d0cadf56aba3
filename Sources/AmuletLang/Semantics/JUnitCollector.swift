import AmuletNotebook
import Foundation

/// Gathers a script's JUnit test cases as its cells finish: one per `assert` it checked, one
/// per cell that failed otherwise, and, at the end, one skipped case per `assert` of the
/// script that never ran (after a failed cell, or in a def nobody called).
///
/// Names are stable across edits: an assertion's own text (`assert accuracy > 0.8`, with
/// ` #2` for its second run in a loop), a failed cell's first line. Times are real: each case
/// takes the wall-clock time of the cells since the previous case, so the work an assert
/// checks is counted in it, and the suite's time is the whole run's.
public struct JUnitCollector: Sendable {
    /// The cases so far, in order.
    public private(set) var cases: [JUnitCase] = []
    /// Seconds of every cell so far.
    public private(set) var totalSeconds = 0.0
    /// Seconds of the cells since the last case, for the next case.
    private var pendingSeconds = 0.0
    /// Where each assertion that ran was written.
    private var ranAssertions: Set<SourceLocation> = []
    /// How many cases have each name, to number repeats.
    private var nameCounts: [String: Int] = [:]
    /// The cell that stopped the script, if one did.
    private var stoppedAt: Int?

    /// An empty collection.
    public init() {}

    /// Adds the cases of one cell that took `seconds`.
    public mutating func add(_ result: CellResult, seconds: Double) {
        totalSeconds += seconds
        pendingSeconds += seconds
        for outcome in result.assertions {
            ranAssertions.insert(outcome.location)
            append(
                name: outcome.source,
                failure: outcome.passed
                    ? nil
                    : JUnitFailure(
                        message: outcome.message, type: JUnitFailure.assertionType,
                        text: "\(outcome.location): assertion failed: \(outcome.message)"))
        }
        guard !result.succeeded && !result.failedOnlyOnAssertions else { return }
        stoppedAt = result.cell
        let renderer = DiagnosticRenderer(useColor: false)
        let errors = result.diagnostics.filter { $0.severity == .error }
        let text = errors.map { diagnostic in
            renderer.render(
                diagnostic, source: result.sources[diagnostic.location?.file ?? "<input>"])
        }.joined(separator: "\n")
        append(
            name: Self.label(of: result),
            failure: JUnitFailure(
                message: errors.first?.description ?? "the cell failed",
                type: JUnitFailure.errorType, text: text))
    }

    /// Every case, with a skipped case for each assertion of `program` that did not run.
    public func finished(program: Program) -> [JUnitCase] {
        var all = cases
        var counts = nameCounts
        let reason =
            stoppedAt.map { "not run: the script stopped at cell \($0)" }
            ?? "not run: no statement reached it (a def not called, or an empty loop)"
        for (source, location) in Self.assertions(in: program.statements, program: program)
        where !ranAssertions.contains(location) {
            counts[source, default: 0] += 1
            let count = counts[source] ?? 1
            all.append(
                JUnitCase(name: count == 1 ? source : "\(source) #\(count)", skipped: reason))
        }
        return all
    }

    /// A failed cell's name: its first line, or what stopped the script before any cell ran.
    static func label(of result: CellResult) -> String {
        let firstLine = result.source.split(separator: "\n").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let firstLine, !firstLine.isEmpty else { return "the script's check before running" }
        return firstLine.count > 100 ? String(firstLine.prefix(99)) + "…" : firstLine
    }

    /// Every assertion written in `statements`, loops and defs included, in source order.
    static func assertions(in statements: [Statement], program: Program) -> [(
        source: String, location: SourceLocation
    )] {
        statements.flatMap { statement -> [(source: String, location: SourceLocation)] in
            switch statement {
            case .assert(let assertion):
                return [(program.sourceText(of: assertion.range), assertion.range.start)]
            case .forLoop(_, _, _, let body, _), .repeatLoop(_, _, let body, _),
                .def(_, _, let body, _):
                return assertions(in: body, program: program)
            case .command, .let, .tune, .call:
                return []
            }
        }
    }

    private mutating func append(name: String, failure: JUnitFailure?) {
        nameCounts[name, default: 0] += 1
        let count = nameCounts[name] ?? 1
        cases.append(
            JUnitCase(
                name: count == 1 ? name : "\(name) #\(count)", seconds: pendingSeconds,
                failure: failure))
        pendingSeconds = 0
    }
}
