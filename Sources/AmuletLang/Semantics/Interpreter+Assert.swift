import AmuletNotebook
import AmuletRisks

extension Interpreter {
    /// `assert [SCENARIO] METRIC < bound`: checks the ledger's latest value of the metric.
    ///
    /// The metric is matched by its shown name (`mia.lira.auc`), or by its family
    /// (`mia.auc`) when only one subject of the family was measured. The latest row is the one
    /// of the highest cell, the last recorded among equals. A value outside the bound, or an
    /// undefined value, fails the cell with a diagnostic that shows the value and the bound.
    mutating func check(
        _ assertion: Assertion, program: Program, context: inout CellContext
    ) throws(Diagnostic) {
        let row = try latestRow(for: assertion)
        let condition = try describe(assertion.bound)
        let label = "\(row.metricName) of '\(row.scenario)'"
        let source = program.sourceText(of: assertion.range)
        let failureRange = assertion.metricRange.extended(to: assertion.boundRange)
        guard let value = row.value else {
            let message = "\(label) is undefined" + (row.note.map { " (\($0))" } ?? "")
            context.assertions.append(
                AssertionOutcome(
                    source: source, location: assertion.range.start, passed: false,
                    message: message))
            throw Diagnostic(
                .assertionFailed, "assertion failed: \(message), so it cannot be \(condition)",
                range: failureRange)
        }
        let holds = try evaluate(assertion.bound, value: value)
        let shown = Interpreter.assertionNumber(value)
        let message = "\(label) is \(shown)" + (holds ? ", " : ", not ") + condition
        context.assertions.append(
            AssertionOutcome(
                source: source, location: assertion.range.start, passed: holds, message: message)
        )
        guard holds else {
            throw Diagnostic(.assertionFailed, "assertion failed: \(message)", range: failureRange)
        }
        context.outputs.append(.note("✓ \(message)"))
    }

    /// A value with enough digits to see why it passed or failed: 4 significant decimals.
    static func assertionNumber(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return Format.number(value, digits: abs(value) >= 1 ? 3 : 4)
    }

    /// The condition as text, such as `< 0.55` or `within 0.7..0.9`, bounds as written.
    private func describe(_ bound: AssertionBound) throws(Diagnostic) -> String {
        switch bound {
        case .comparison(let comparison, let expr):
            _ = try number(expr)
            return "\(comparison.rawValue) \(try evaluate(expr))"
        case .within(let lower, let upper):
            let low = try number(lower)
            let high = try number(upper)
            let lowText = try evaluate(lower).description
            let highText = try evaluate(upper).description
            guard low <= high else {
                throw Diagnostic(
                    .badArgument,
                    "the interval's lower end \(lowText) is above its upper end \(highText)",
                    range: lower.range.extended(to: upper.range))
            }
            return "within \(lowText)..\(highText)"
        }
    }

    /// Whether `value` meets the bound.
    private func evaluate(_ bound: AssertionBound, value: Double) throws(Diagnostic) -> Bool {
        switch bound {
        case .comparison(let comparison, let expr):
            return comparison.holds(value, try number(expr))
        case .within(let lower, let upper):
            let low = try number(lower)
            let high = try number(upper)
            return value >= low && value <= high
        }
    }

    /// The number an expression denotes, or a diagnostic at it.
    private func number(_ expr: Expr) throws(Diagnostic) -> Double {
        guard case .number(let value, _) = try evaluate(expr) else {
            throw Diagnostic(
                .wrongType, "an assertion's bound must be a number", range: expr.range,
                suggestion: "such as 0.55 or 10%")
        }
        return value
    }

    /// The row an assertion checks, or a diagnostic saying why there is none.
    private func latestRow(for assertion: Assertion) throws(Diagnostic) -> LedgerRow {
        let rows = session.ledger.rows
        var matching = rows.filter { $0.metricName == assertion.metric }
        if matching.isEmpty {
            matching = rows.filter { $0.metric.name == assertion.metric }
            let names = Set(matching.map(\.metricName)).sorted()
            if names.count > 1 {
                throw Diagnostic(
                    .badArgument,
                    "'\(assertion.metric)' was measured for several subjects; name one",
                    range: assertion.metricRange,
                    suggestion: "one of: " + names.joined(separator: ", "))
            }
        }
        guard !matching.isEmpty else { throw missingMetric(assertion, rows: rows) }
        if let scenario = assertion.scenario {
            let all = matching
            matching = all.filter { $0.role.rawValue == scenario || $0.scenario == scenario }
            if matching.isEmpty {
                var names = ModelRole.allCases.map(\.rawValue).filter { role in
                    all.contains { $0.role.rawValue == role }
                }
                for label in all.map(\.scenario) where !names.contains(label) {
                    names.append(label)
                }
                throw Diagnostic(
                    .unknownName,
                    "no value of '\(assertion.metric)' for scenario '\(scenario)'",
                    range: assertion.scenarioRange ?? assertion.range,
                    suggestion: Suggestion.didYouMean(scenario, among: names)
                        ?? "scenarios: " + names.joined(separator: ", "))
            }
        }
        let latestCell = matching.map(\.cell).max() ?? 0
        guard let row = matching.last(where: { $0.cell == latestCell }) else {
            throw missingMetric(assertion, rows: rows)
        }
        return row
    }

    /// The diagnostic for a metric with no value: not measured yet, or not a metric at all.
    private func missingMetric(_ assertion: Assertion, rows: [LedgerRow]) -> Diagnostic {
        let catalog = environment.catalog
        if catalog.metrics.contains(where: { $0.name == assertion.metric }) {
            let owners = catalog.allSpecs.filter { spec in
                spec.reports.contains { $0.name == assertion.metric }
            }
            let how = owners.map { "'\($0.kind.verb) \($0.name)'" }.joined(separator: " or ")
            return Diagnostic(
                .runtime, "no value of '\(assertion.metric)' in the results yet",
                range: assertion.metricRange,
                suggestion: how.isEmpty ? nil : "measure it first with \(how)")
        }
        var names: [String] = []
        for name in rows.map(\.metricName) + catalog.metrics.map(\.name)
        where !names.contains(name) {
            names.append(name)
        }
        return Diagnostic(
            .unknownName, "unknown metric '\(assertion.metric)'", range: assertion.metricRange,
            suggestion: Suggestion.didYouMean(assertion.metric, among: names))
    }
}
