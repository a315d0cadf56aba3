import AmuletData
import AmuletLearn
import AmuletTensor

/// What a dataset plug-in needs to load: the data folder and the seed of the split.
public struct DataContext: Sendable {
    /// Where raw files live.
    public var folder: DataFolder
    /// Seed of the train/test split.
    public var seed: UInt64
    /// Polled by loaders whose work is long (generating millions of rows).
    public var cancellation: CancellationToken?

    /// A data context.
    public init(folder: DataFolder, seed: UInt64, cancellation: CancellationToken? = nil) {
        self.folder = folder
        self.seed = seed
        self.cancellation = cancellation
    }
}

/// Anything the Catalog lists: it declares itself once in `spec`.
public protocol CatalogPlugin: Sendable {
    /// Name, summary, risk, typed parameters, reported metrics and exports.
    static var spec: PluginSpec { get }
}

/// A dataset entry of the catalog (`load NAME`).
public protocol DatasetPlugin: CatalogPlugin {
    /// Loads and splits the data.
    static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit
}

/// A model entry of the catalog (`train NAME`): builds the baseline recipe.
public protocol ModelPlugin: CatalogPlugin {
    /// The recipe this call describes, with the given training seed.
    static func recipe(_ call: PluginCall, seed: UInt64) throws -> Recipe
    /// The recipe this call describes for `data`, for models whose shape depends on the data
    /// (a CNN needs the images' shape); by default the data is not consulted.
    static func recipe(_ call: PluginCall, seed: UInt64, data: Dataset) throws -> Recipe
}

extension ModelPlugin {
    /// Most models take their widths from the data when they are built, not from the recipe.
    public static func recipe(_ call: PluginCall, seed: UInt64, data: Dataset) throws -> Recipe {
        try recipe(call, seed: seed)
    }
}

/// What one evaluation of one model produced: numbers, artifacts and remarks.
public struct Evaluation: Sendable {
    /// Numbers under declared metrics.
    public var measurements: [Measurement]
    /// Artifacts under the plug-in's declared export names.
    public var artifacts: [String: Artifact]
    /// Remarks for the reader.
    public var notes: [String]

    /// An evaluation.
    public init(
        measurements: [Measurement], artifacts: [String: Artifact] = [:], notes: [String] = []
    ) {
        self.measurements = measurements
        self.artifacts = artifacts
        self.notes = notes
    }
}

/// A metric (`measure NAME`) or an attack (`attack NAME`): evaluates one model of a scenario.
///
/// The experiment layer calls it once per role (baseline, defended) and records what comes
/// back; the plug-in never sees the ledger or the language.
public protocol EvaluationPlugin: CatalogPlugin {
    /// Evaluates `model`, trained with its recipe in `scenario`.
    static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation
    /// An answer that needs no dataset or model (such as ε for given DP settings), or nil.
    static func evaluateWithoutModel(_ call: PluginCall) throws -> Evaluation?
    /// An on-demand export (`ExportSpec.computedOnDemand`) of `model`, or nil.
    static func export(_ name: String, model: ModelUnderTest, scenario: Scenario) throws
        -> Artifact?
}

extension EvaluationPlugin {
    /// No model-free answer by default.
    public static func evaluateWithoutModel(_ call: PluginCall) throws -> Evaluation? { nil }
    /// No on-demand exports by default.
    public static func export(_ name: String, model: ModelUnderTest, scenario: Scenario) throws
        -> Artifact?
    { nil }
}

/// Training settings a defense recommends where the user chose none (DP-SGD wants small
/// batches, few epochs and a larger learning rate).
public struct RecommendedTraining: Sendable, Equatable {
    /// Epochs.
    public var epochs: Int?
    /// Batch size.
    public var batchSize: Int?
    /// Learning rate.
    public var learningRate: Double?
    /// Why, for the note the user sees.
    public var reason: String

    /// Recommended settings.
    public init(
        epochs: Int? = nil, batchSize: Int? = nil, learningRate: Double? = nil, reason: String
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.reason = reason
    }
}

/// A defense entry of the catalog (`defend NAME`): a training-loop hook set.
public protocol DefensePlugin: CatalogPlugin {
    /// Training settings applied to the defended model where `train` was given none.
    static var recommendedTraining: RecommendedTraining? { get }
    /// The training defense this call describes for the (already adjusted) `recipe`.
    static func make(_ call: PluginCall, recipe: Recipe, scenario: Scenario) throws
        -> any TrainingDefense
    /// `make`, for a defense whose construction is long work (DP-SGD's σ calibration) and
    /// polls `cancellation`; others take the default, which calls `make`.
    static func make(
        _ call: PluginCall, recipe: Recipe, scenario: Scenario, cancellation: CancellationToken?
    ) throws -> any TrainingDefense
    /// What a model trained with this defense reports about its training (ε spent).
    static func measurements(of summary: TrainingSummary) -> [Measurement]
}

extension DefensePlugin {
    /// No recommendation by default.
    public static var recommendedTraining: RecommendedTraining? { nil }
    /// Nothing to report by default.
    public static func measurements(of summary: TrainingSummary) -> [Measurement] { [] }
    /// Construction that is quick ignores the token.
    public static func make(
        _ call: PluginCall, recipe: Recipe, scenario: Scenario, cancellation: CancellationToken?
    ) throws -> any TrainingDefense {
        try make(call, recipe: recipe, scenario: scenario)
    }
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
    /// One parameter's value is unusable; the language points at that argument and shows the
    /// suggestion (such as the form the value takes on this data) beside it.
    case invalidParameter(name: String, message: String, suggestion: String? = nil)

    /// A message that says what to do.
    public var description: String {
        switch self {
        case .noDataset: return "no dataset loaded; load one first, such as 'load adult'"
        case .noModel: return "no model trained; train one first, such as 'train mlp'"
        case .unsupported(let s), .invalid(let s): return s
        case .invalidParameter(_, let message, _): return message
        }
    }

    /// The parameter at fault, when one is.
    public var parameterName: String? {
        if case .invalidParameter(let name, _, _) = self { return name }
        return nil
    }

    /// What to write instead, when the plug-in knows.
    public var suggestion: String? {
        if case .invalidParameter(_, _, let suggestion) = self { return suggestion }
        return nil
    }
}
