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
    /// The smallest change of the metric that counts as an effect, in its own unit: a change
    /// below it is no interaction, whatever its p-value (see `EffectFinding`).
    public var smallestEffect: Double

    /// A metric id; `smallestEffect` defaults to `defaultSmallestEffect(risk:unit:)`.
    public init(
        _ name: String, risk: Risk, unit: MetricUnit, direction: MetricDirection,
        scope: MetricScope = .detail, smallestEffect: Double? = nil, doc: String
    ) {
        self.risk = risk
        self.name = name
        self.unit = unit
        self.direction = direction
        self.scope = scope
        self.smallestEffect = smallestEffect ?? Self.defaultSmallestEffect(risk: risk, unit: unit)
        self.doc = doc
    }

    /// The smallest effect of interest a metric of `risk` in `unit` gets unless it declares
    /// its own.
    ///
    /// 0.01 for a ratio (an AUC, one point of accuracy or of attack success), 0.02 for a
    /// fairness ratio (a gap in selection or error rates, a p-rule ratio), 1 for a percentage
    /// (one point) or a count, 0.1 for an ε or another real number. The Python Amulet's paper
    /// (arXiv 2509.12386) treats changes under 5 points as no effect; these thresholds are
    /// stricter so that small but real interactions still show, and a ledger row reloaded from
    /// JSON gets the same threshold from its risk and unit.
    public static func defaultSmallestEffect(risk: Risk, unit: MetricUnit) -> Double {
        switch unit {
        case .ratio: risk == .fairness ? 0.02 : 0.01
        case .percent, .count: 1
        case .epsilon, .number: 0.1
        }
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

extension MetricID {
    private enum CodingKeys: String, CodingKey {
        case risk, name, unit, direction, doc, scope, smallestEffect
    }

    /// Decodes an id; one written before thresholds were declared gets the default for its
    /// risk and unit.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try c.decode(String.self, forKey: .name), risk: try c.decode(Risk.self, forKey: .risk),
            unit: try c.decode(MetricUnit.self, forKey: .unit),
            direction: try c.decode(MetricDirection.self, forKey: .direction),
            scope: try c.decodeIfPresent(MetricScope.self, forKey: .scope) ?? .detail,
            smallestEffect: try c.decodeIfPresent(Double.self, forKey: .smallestEffect),
            doc: try c.decodeIfPresent(String.self, forKey: .doc) ?? "")
    }

    /// Encodes every field.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(risk, forKey: .risk)
        try c.encode(name, forKey: .name)
        try c.encode(unit, forKey: .unit)
        try c.encode(direction, forKey: .direction)
        try c.encode(doc, forKey: .doc)
        try c.encode(scope, forKey: .scope)
        try c.encode(smallestEffect, forKey: .smallestEffect)
    }
}
