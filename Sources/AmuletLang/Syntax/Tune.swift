/// One defense of a `tune`: its name and the values each parameter sweeps.
///
/// `dp eps=[1, 8] clip=[0.5, 1]` is the defense `dp` with two swept parameters; a value that
/// is not a list is a sweep of one value.
public struct TuneAxis: Sendable, Equatable, Hashable {
    /// The defense's name as written.
    public var defense: String
    /// Where the name was written.
    public var defenseRange: SourceRange
    /// The parameters with their values (a list, or one value), in source order.
    public var arguments: [Argument]

    /// Creates an axis.
    public init(defense: String, defenseRange: SourceRange, arguments: [Argument]) {
        self.defense = defense
        self.defenseRange = defenseRange
        self.arguments = arguments
    }
}

/// One constraint of a `tune`: `METRIC OP NUMBER`, as in `assert`.
public struct TuneConstraint: Sendable, Equatable, Hashable {
    /// The metric's name as the ledger shows it, such as `mia.lira.auc`.
    public var metric: String
    /// Where the metric was written.
    public var metricRange: SourceRange
    /// The comparison.
    public var comparison: ComparisonOperator
    /// The bound.
    public var bound: Expr
    /// The whole constraint.
    public var range: SourceRange

    /// Creates a constraint.
    public init(
        metric: String, metricRange: SourceRange, comparison: ComparisonOperator, bound: Expr,
        range: SourceRange
    ) {
        self.metric = metric
        self.metricRange = metricRange
        self.comparison = comparison
        self.bound = bound
        self.range = range
    }
}

/// One `with` clause of a `tune`: parameters for a plug-in that measures a constrained metric.
///
/// `with mia shadows=8` runs the attack that reports `mia.lira.auc` with 8 shadow models
/// instead of its default.
public struct TuneOption: Sendable, Equatable, Hashable {
    /// The plug-in's name as written.
    public var plugin: String
    /// Where the name was written.
    public var pluginRange: SourceRange
    /// Its parameters, in source order.
    public var arguments: [Argument]

    /// Creates a `with` clause.
    public init(plugin: String, pluginRange: SourceRange, arguments: [Argument]) {
        self.plugin = plugin
        self.pluginRange = pluginRange
        self.arguments = arguments
    }
}

/// `tune dp eps=[1, 8] subject to accuracy >= 0.8 and mia.lira.auc <= 0.55 with mia shadows=8`.
///
/// Trains every combination of the axes' values on a copy of the scenario, measures the
/// constrained metrics, and shows which settings meet every constraint and which are on the
/// Pareto front of the constrained metrics.
public struct Tune: Sendable, Equatable, Hashable {
    /// The defenses swept, in source order.
    public var axes: [TuneAxis]
    /// The constraints, at least one.
    public var constraints: [TuneConstraint]
    /// The `with` clauses: parameters for the plug-ins that measure the metrics.
    public var options: [TuneOption]
    /// The whole statement.
    public var range: SourceRange

    /// Creates a tune statement.
    public init(
        axes: [TuneAxis], constraints: [TuneConstraint], options: [TuneOption] = [],
        range: SourceRange
    ) {
        self.axes = axes
        self.constraints = constraints
        self.options = options
        self.range = range
    }
}
