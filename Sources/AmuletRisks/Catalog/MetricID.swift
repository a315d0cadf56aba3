/// What a metric's number counts, so renderers format it and readers know its scale.
public enum MetricUnit: String, Sendable, Codable, CaseIterable {
    /// A fraction in [0, 1] (accuracy, AUC, rates).
    case ratio
    /// A percentage in [0, 100] (p-rule).
    case percent
    /// A whole count (steps).
    case count
    /// A differential-privacy ε (or δ, its companion).
    case epsilon
    /// A dimensionless real number (noise multiplier σ, Rényi order).
    case number
}

/// Which way a metric should move for the defender: renderers colour Δ by it.
public enum MetricDirection: String, Sendable, Codable, CaseIterable {
    /// Larger is better (accuracy, p-rule).
    case higherIsBetter = "higher"
    /// Smaller is better (attack AUC, fairness gaps, ε).
    case lowerIsBetter = "lower"
    /// Neither (selection rate, σ): context decides.
    case neutral

    /// How help reads it.
    public var phrase: String {
        switch self {
        case .higherIsBetter: "higher is better"
        case .lowerIsBetter: "lower is better"
        case .neutral: "neither better nor worse"
        }
    }
}

/// How prominently a metric is shown: `compare` shows headline metrics by default, detail
/// metrics under `compare all`, and per-group metrics under `compare groups`.
public enum MetricScope: String, Sendable, Codable, CaseIterable {
    /// The number a reader looks at first for its risk (accuracy, LiRA AUC, ε, DP gap).
    case headline
    /// A supporting number (δ, σ, balanced accuracy).
    case detail
    /// One number per sensitive group (a group's selection rate or TPR).
    case perGroup = "group"
}

/// A metric declared once: its risk, name, unit, direction and a line of documentation.
///
/// Plug-ins list the metrics they report in their `PluginSpec`; measurements carry the id, so
/// the name is never retyped elsewhere. Families measured per attribute or group (fairness)
/// or per method (membership inference) add a `subject` to the measurement, shown inside the
/// name: `fairness.dp_difference` about `race` reads `fairness.race.dp_difference`.
public struct MetricID: Hashable, Sendable, Codable {
    /// The risk the metric belongs to.
    public var risk: Risk
    /// The name, such as `accuracy` or `mia.auc`.
    public var name: String
    /// The unit.
    public var unit: MetricUnit
    /// Which way is better.
    public var direction: MetricDirection
    /// One line for help.
    public var doc: String
    /// Whether `compare` shows it by default, under `all`, or under `groups`.
    public var scope: MetricScope

    /// A metric id.
    public init(
        _ name: String, risk: Risk, unit: MetricUnit, direction: MetricDirection,
        scope: MetricScope = .detail, doc: String
    ) {
        self.risk = risk
        self.name = name
        self.unit = unit
        self.direction = direction
        self.scope = scope
        self.doc = doc
    }

    /// Ids are equal when risk, name, unit and direction are; the doc line and the scope do
    /// not count.
    public static func == (left: MetricID, right: MetricID) -> Bool {
        left.risk == right.risk && left.name == right.name && left.unit == right.unit
            && left.direction == right.direction
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(risk)
        hasher.combine(name)
        hasher.combine(unit)
        hasher.combine(direction)
    }

    /// The name with `subject` inserted after the family prefix (`mia` + `lira` + `auc`).
    public func displayName(subject: String?) -> String {
        guard let subject, !subject.isEmpty else { return name }
        guard let dot = name.firstIndex(of: ".") else { return "\(name).\(subject)" }
        return "\(name[..<dot]).\(subject)\(name[dot...])"
    }
}
