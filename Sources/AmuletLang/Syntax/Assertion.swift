/// A comparison in an `assert`: `<`, `<=`, `>` or `>=`.
public enum ComparisonOperator: String, Sendable, Equatable, Hashable, CaseIterable {
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="

    /// Whether `value` stands in this relation to `bound`.
    public func holds(_ value: Double, _ bound: Double) -> Bool {
        switch self {
        case .less: value < bound
        case .lessOrEqual: value <= bound
        case .greater: value > bound
        case .greaterOrEqual: value >= bound
        }
    }
}

/// What an assertion requires of the value: a comparison with a bound, or an interval.
public enum AssertionBound: Sendable, Equatable, Hashable {
    /// `METRIC < 0.55` and the other comparisons.
    case comparison(ComparisonOperator, Expr)
    /// `METRIC within 0.5..0.9`: both ends included.
    case within(lower: Expr, upper: Expr)
}

/// `assert [SCENARIO] METRIC < 0.55`: a check of the ledger's latest value of a metric.
///
/// The scenario is optional: a role word (`baseline`, `defended`, `current`) or a scenario's
/// label in quotes. Without it the latest row of the metric is checked, whichever scenario
/// produced it. An assertion that fails stops the cell with a located diagnostic, so a script
/// of assertions gates a pipeline in CI (`amulet --format junit`).
public struct Assertion: Sendable, Equatable, Hashable {
    /// The scenario's role or label, if given.
    public var scenario: String?
    /// Where the scenario was written.
    public var scenarioRange: SourceRange?
    /// The metric's name as the ledger shows it, such as `accuracy` or `mia.lira.auc`.
    public var metric: String
    /// Where the metric was written.
    public var metricRange: SourceRange
    /// The condition on the value.
    public var bound: AssertionBound
    /// Where the bound was written, from the operator (or `within`) to its last number.
    public var boundRange: SourceRange
    /// The whole statement.
    public var range: SourceRange

    /// Creates an assertion.
    public init(
        scenario: String? = nil, scenarioRange: SourceRange? = nil, metric: String,
        metricRange: SourceRange, bound: AssertionBound, boundRange: SourceRange,
        range: SourceRange
    ) {
        self.scenario = scenario
        self.scenarioRange = scenarioRange
        self.metric = metric
        self.metricRange = metricRange
        self.bound = bound
        self.boundRange = boundRange
        self.range = range
    }
}
