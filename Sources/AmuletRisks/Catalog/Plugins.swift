import AmuletData
import AmuletLearn
import AmuletTensor

/// What a dataset plug-in needs to load: the data folder and the seed of the split.
public struct DataContext: Sendable {
    /// Where raw files live.
    public var folder: DataFolder
    /// Seed of the train/test split.
    public var seed: UInt64

    /// A data context.
    public init(folder: DataFolder, seed: UInt64) {
        self.folder = folder
        self.seed = seed
    }
}

/// One number a metric or attack produced.
public struct RiskMeasurement: Sendable, Equatable {
    /// The risk it measures.
    public var risk: Risk
    /// Its name in the ledger, such as `accuracy` or `mia.auc`.
    public var metric: String
    /// The value.
    public var value: Double
    /// An optional remark (such as `from cache`).
    public var note: String?

    /// A measurement.
    public init(risk: Risk, metric: String, value: Double, note: String? = nil) {
        self.risk = risk
        self.metric = metric
        self.value = value
        self.note = note
    }
}

/// A dataset entry of the catalog (`load NAME`).
public protocol DatasetPlugin: Sendable {
    /// Name, summary, parameters.
    static var spec: PluginSpec { get }
    /// Loads and splits the data.
    static func load(_ values: ParameterValues, context: DataContext) throws -> DataSplit
}

/// A model entry of the catalog (`train NAME`): builds the baseline recipe.
public protocol ModelPlugin: Sendable {
    /// Name, summary, parameters.
    static var spec: PluginSpec { get }
    /// The recipe these values describe, with the given training seed.
    static func recipe(_ values: ParameterValues, seed: UInt64) throws -> Recipe
}

/// A metric entry of the catalog (`measure NAME`): a pure evaluation of one model.
public protocol MetricPlugin: Sendable {
    /// Name, summary, parameters.
    static var spec: PluginSpec { get }
    /// Measures `model` in `scenario`.
    static func measure(
        _ values: ParameterValues, model: ModelUnderTest, scenario: Scenario,
        context: inout RunContext
    ) throws -> [RiskMeasurement]
}

/// An attack entry of the catalog (`attack NAME`).
public protocol AttackPlugin: Sendable {
    /// Name, summary, parameters.
    static var spec: PluginSpec { get }
    /// Attacks `model` (trained with its recipe in `scenario`) and measures the attack.
    static func run(
        _ values: ParameterValues, model: ModelUnderTest, scenario: Scenario,
        context: inout RunContext
    ) throws -> [RiskMeasurement]
}

/// A defense entry of the catalog (`defend NAME`): a training-loop hook set.
public protocol DefensePlugin: Sendable {
    /// Name, summary, parameters.
    static var spec: PluginSpec { get }
    /// The training defense these values describe.
    static func make(_ values: ParameterValues, scenario: Scenario) throws -> any TrainingDefense
}

/// Errors raised by plug-ins about the scenario, for the language to report at the command.
public enum ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A step needs data loaded first.
    case noDataset
    /// A step needs a trained model first.
    case noModel
    /// The dataset lacks something the step needs (such as a sensitive attribute).
    case unsupported(String)
    /// A parameter combination is unusable.
    case invalid(String)

    /// A message that says what to do.
    public var description: String {
        switch self {
        case .noDataset: return "no dataset loaded; load one first, such as 'load adult'"
        case .noModel: return "no model trained; train one first, such as 'train mlp'"
        case .unsupported(let s), .invalid(let s): return s
        }
    }
}
