import AmuletRisks

/// One measured number in the session's result ledger: a metric of one model in one cell.
///
/// A row knows what it is: the dataset (its identity without the split seed, and as the user
/// wrote it), the full recipe (model, training settings, defenses with their parameters), the
/// seed and the repetition. `compare` pools only rows of one dataset and recipe, and only
/// across the repetitions of `repeat`. `value` nil is undefined: `–` in tables, `null` in
/// JSON, empty in CSV.
public struct LedgerRow: Sendable, Equatable {
    /// The notebook cell (1-based) that produced the row.
    public var cell: Int
    /// The scenario's label, such as `mlp-m1 epochs=3 + dp(eps=1)`.
    public var scenario: String
    /// The dataset as written, such as `adult` or `synthetic rows=500`.
    public var dataset: String
    /// The dataset's identity (content and parameters, without the split seed).
    public var datasetKey: String
    /// The full recipe's identity without its seed.
    public var recipe: String
    /// The part the model plays: baseline, defended or current.
    public var role: ModelRole
    /// The declared metric.
    public var metric: MetricID
    /// What the metric is about within its family (`race`, `lira`), if anything.
    public var subject: String?
    /// The measured value, or nil when undefined.
    public var value: Double?
    /// The seed the scenario ran with.
    public var seed: UInt64
    /// Wall-clock seconds spent producing the value.
    public var seconds: Double
    /// The index inside `repeat N` (0-based), or nil outside a repeat block.
    public var repetition: Int?
    /// Marks such as a degenerate model.
    public var flags: Set<MeasurementFlag>
    /// A remark, such as why a value is undefined.
    public var note: String?
    /// The names of the defenses in the model's recipe, in order (empty for a baseline).
    public var defenses: [String] = []
    /// For a defended row, the recipe identity of the baseline measured beside it (which
    /// trains with the defended model's settings), so the matrix pairs like with like.
    public var baselineRecipe: String?
    /// What the dataset's rows are: `tabular`, `image` or `text` (empty when unknown).
    public var modality: String = ""

    /// What a re-measurement replaces: the experiment (dataset, recipe, seed, repetition)
    /// and the metric.
    public var identity: String {
        [
            datasetKey, recipe, metricName, metric.risk.rawValue, "\(seed)",
            repetition.map(String.init) ?? "-",
        ].joined(separator: "\u{1F}")
    }

    /// Creates a row.
    public init(
        cell: Int, scenario: String, role: ModelRole, metric: MetricID, subject: String? = nil,
        value: Double?, dataset: String = "", datasetKey: String = "", recipe: String = "",
        seed: UInt64 = 0, seconds: Double = 0, repetition: Int? = nil,
        flags: Set<MeasurementFlag> = [], note: String? = nil
    ) {
        self.cell = cell
        self.scenario = scenario
        self.role = role
        self.metric = metric
        self.subject = subject
        self.value = value
        self.dataset = dataset
        self.datasetKey = datasetKey
        self.recipe = recipe
        self.seed = seed
        self.seconds = seconds
        self.repetition = repetition
        self.flags = flags
        self.note = note
    }

    /// The risk's name, such as `fairness`.
    public var risk: String { metric.risk.rawValue }

    /// The metric's shown name, such as `fairness.race.dp_ratio`.
    public var metricName: String { metric.displayName(subject: subject) }

    /// Whether the row rests on a near-constant model: the one measured, or one its plug-in
    /// trained (shadows, populations, surrogates, retrains).
    public var isFlagged: Bool {
        flags.contains(.degenerateModel) || flags.contains(.degenerateAuxiliaryModel)
    }

    /// The experiment the row belongs to: rows with equal keys are samples of one quantity.
    ///
    /// Rows of `repeat` share it across repetitions; outside `repeat` the seed is part of it,
    /// so runs under different seeds are separate columns, never silently averaged.
    public var experimentKey: String {
        datasetKey + "\u{1F}" + recipe + "\u{1F}" + (repetition == nil ? "seed=\(seed)" : "repeat")
    }
}

extension LedgerRow: Codable {
    private enum CodingKeys: String, CodingKey {
        case cell, scenario, dataset, datasetKey = "dataset_key", recipe, role, risk, metric
        case family, subject, unit, direction, value, seed, seconds, repetition, flags, note
        case scope, defenses, baselineRecipe = "baseline_recipe", modality
    }

    /// Decodes a row written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cell = try c.decode(Int.self, forKey: .cell)
        scenario = try c.decode(String.self, forKey: .scenario)
        dataset = try c.decodeIfPresent(String.self, forKey: .dataset) ?? ""
        datasetKey = try c.decodeIfPresent(String.self, forKey: .datasetKey) ?? ""
        recipe = try c.decodeIfPresent(String.self, forKey: .recipe) ?? ""
        role = try c.decode(ModelRole.self, forKey: .role)
        let risk = try c.decode(Risk.self, forKey: .risk)
        let family = try c.decode(String.self, forKey: .family)
        metric = MetricID(
            family, risk: risk, unit: try c.decode(MetricUnit.self, forKey: .unit),
            direction: try c.decode(MetricDirection.self, forKey: .direction),
            scope: try c.decodeIfPresent(MetricScope.self, forKey: .scope) ?? .detail, doc: "")
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        value = try c.decodeIfPresent(Double.self, forKey: .value)
        seed = try c.decode(UInt64.self, forKey: .seed)
        seconds = try c.decode(Double.self, forKey: .seconds)
        repetition = try c.decodeIfPresent(Int.self, forKey: .repetition)
        flags = Set(try c.decodeIfPresent([MeasurementFlag].self, forKey: .flags) ?? [])
        note = try c.decodeIfPresent(String.self, forKey: .note)
        defenses = try c.decodeIfPresent([String].self, forKey: .defenses) ?? []
        baselineRecipe = try c.decodeIfPresent(String.self, forKey: .baselineRecipe)
        modality = try c.decodeIfPresent(String.self, forKey: .modality) ?? ""
    }

    /// Encodes every key, writing `null` for an absent value, subject, repetition or note so
    /// each row has the same shape for tools like `jq` or pandas.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cell, forKey: .cell)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(datasetKey, forKey: .datasetKey)
        try c.encode(recipe, forKey: .recipe)
        try c.encode(role, forKey: .role)
        try c.encode(metric.risk, forKey: .risk)
        try c.encode(metricName, forKey: .metric)
        try c.encode(metric.name, forKey: .family)
        try c.encode(subject, forKey: .subject)
        try c.encode(metric.unit, forKey: .unit)
        try c.encode(metric.direction, forKey: .direction)
        try c.encode(value, forKey: .value)
        try c.encode(seed, forKey: .seed)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(repetition, forKey: .repetition)
        try c.encode(flags.map(\.rawValue).sorted(), forKey: .flags)
        try c.encode(note, forKey: .note)
        try c.encode(metric.scope, forKey: .scope)
        try c.encode(defenses, forKey: .defenses)
        try c.encodeIfPresent(baselineRecipe, forKey: .baselineRecipe)
        if !modality.isEmpty { try c.encode(modality, forKey: .modality) }
    }
}
