/// One measured number in the session's result ledger: a metric of one scenario in one cell.
///
/// `attack` and `measure` append a row per metric for the current scenario and, when defenses
/// are present, for the baseline too. Under `repeat N` each repetition appends its own rows,
/// numbered by `repetition`, so `compare` can report mean ± 95% CI and significance.
public struct LedgerRow: Sendable, Codable, Equatable {
    /// The part a scenario plays in a comparison.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// The undefended recipe, the reference every Δ is taken against.
        case baseline
        /// The recipe with the session's defenses applied.
        case defended
        /// The current scenario when it has no defenses to compare.
        case current
    }

    /// The notebook cell (1-based) that produced the row.
    public var cell: Int
    /// The scenario's label, such as `mlp-m1 + dp(eps=1)`.
    public var scenario: String
    /// The part the scenario plays: baseline, defended or current.
    public var role: Role
    /// The risk the metric belongs to, such as `privacy`, `fairness` or `utility`.
    public var risk: String
    /// The metric's name, such as `accuracy`, `mia.auc` or `fairness.race.dp_gap`.
    public var metric: String
    /// The measured value.
    public var value: Double
    /// The seed the scenario ran with.
    public var seed: UInt64
    /// Wall-clock seconds spent producing the value.
    public var seconds: Double
    /// The index inside `repeat N` (0-based), or nil outside a repeat block.
    public var repetition: Int?
    /// A free-form remark, such as the privacy budget actually spent.
    public var note: String?

    /// Creates a row; `repetition` and `note` default to nil.
    public init(
        cell: Int, scenario: String, role: Role, risk: String, metric: String, value: Double,
        seed: UInt64 = 0, seconds: Double = 0, repetition: Int? = nil, note: String? = nil
    ) {
        self.cell = cell
        self.scenario = scenario
        self.role = role
        self.risk = risk
        self.metric = metric
        self.value = value
        self.seed = seed
        self.seconds = seconds
        self.repetition = repetition
        self.note = note
    }

    private enum CodingKeys: String, CodingKey {
        case cell, scenario, role, risk, metric, value, seed, seconds, repetition, note
    }

    /// Encodes every key, writing `null` for an absent repetition or note so each row has the
    /// same shape for tools like `jq` or pandas.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cell, forKey: .cell)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(role, forKey: .role)
        try container.encode(risk, forKey: .risk)
        try container.encode(metric, forKey: .metric)
        try container.encode(value, forKey: .value)
        try container.encode(seed, forKey: .seed)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(repetition, forKey: .repetition)
        try container.encode(note, forKey: .note)
    }
}
