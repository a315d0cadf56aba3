import AmuletData
import AmuletLearn
import AmuletTensor

/// A defense added with `defend`: its catalog name, the values given, and the hook set.
public struct AppliedDefense: Sendable {
    /// Catalog name (`dp`).
    public var name: String
    /// The parameters the user gave (for the label).
    public var givenParameters: ParameterValues
    /// The training defense.
    public var defense: any TrainingDefense

    /// An applied defense.
    public init(name: String, givenParameters: ParameterValues, defense: any TrainingDefense) {
        self.name = name
        self.givenParameters = givenParameters
        self.defense = defense
    }

    /// A short label such as `dp(eps=1)`.
    public var label: String {
        let given = givenParameters.canonical()
        return given.isEmpty ? name : "\(name)(\(given))"
    }
}

/// Which model of a scenario is evaluated.
public enum ModelRole: String, Sendable, Codable {
    /// The undefended model (only shown when there are defenses).
    case baseline
    /// The model with the scenario's defenses.
    case defended
    /// The only model, when there are no defenses.
    case current
}

/// A model to evaluate: its role, recipe, label and trained network.
public struct ModelUnderTest: Sendable {
    /// Baseline, defended or current.
    public var role: ModelRole
    /// The recipe it was trained with (attacks retrain shadows with it).
    public var recipe: Recipe
    /// A label such as `mlp-m1 + dp(eps=1)`.
    public var label: String
    /// The trained model.
    public var model: TrainedModel
    /// Whether it came from the model cache.
    public var fromCache: Bool

    /// A model under test.
    public init(
        role: ModelRole, recipe: Recipe, label: String, model: TrainedModel, fromCache: Bool
    ) {
        self.role = role
        self.recipe = recipe
        self.label = label
        self.model = model
        self.fromCache = fromCache
    }
}

/// The session's experiment: data and its splits, the baseline recipe and the defenses.
///
/// `load` splits the data into train and test, then the train split into the target's
/// members (a seeded random fraction, half by default as in the Python Amulet's pipelines)
/// and the adversary's data (the rest). Models train on the members only.
public struct Scenario: Sendable {
    /// Catalog name of the dataset.
    public var datasetName: String
    /// The dataset's parameters as given.
    public var datasetParameters: ParameterValues
    /// Train and test splits.
    public var data: DataSplit
    /// Indices into `data.train` of the target's training members.
    public var memberIndices: [Int]
    /// Indices into `data.train` of the adversary's data (non-members).
    public var adversaryIndices: [Int]
    /// Fraction of the training split that are members.
    public var memberFraction: Double
    /// Catalog name and label of the trained model, once `train` ran.
    public var modelName: String?
    /// The baseline recipe from `train` (no defenses).
    public var baseline: Recipe?
    /// The model's label such as `mlp-m1`.
    public var modelLabel: String?
    /// Defenses added since `train`, in order.
    public var defenses: [AppliedDefense]

    /// A scenario over `data` with a seeded member split.
    public init(
        datasetName: String, datasetParameters: ParameterValues, data: DataSplit,
        memberFraction: Double, seed: UInt64
    ) {
        self.datasetName = datasetName
        self.datasetParameters = datasetParameters
        self.data = data
        self.memberFraction = memberFraction
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 0x6D65_6D62))
        let count = Int(Double(data.train.count) * memberFraction)
        let (members, rest) = Splitter.random(total: data.train.count, count: count, rng: &rng)
        self.memberIndices = members
        self.adversaryIndices = rest
        self.defenses = []
    }

    /// The member training data.
    public var members: Dataset { data.train.subset(memberIndices) }
    /// The adversary's data (non-members).
    public var adversary: Dataset { data.train.subset(adversaryIndices) }

    /// The recipe with every defense, or nil before `train`.
    public var current: Recipe? {
        guard var recipe = baseline else { return nil }
        recipe.defenses = defenses.map(\.defense)
        return recipe
    }

    /// A label such as `mlp-m1 + dp(eps=1)`.
    public var currentLabel: String {
        ([modelLabel ?? "model"] + defenses.map(\.label)).joined(separator: " + ")
    }

    /// The models to evaluate: the baseline and the defended one, or the one current model.
    public var roles: [(role: ModelRole, recipe: Recipe, label: String)] {
        guard let baseline, let current else { return [] }
        if defenses.isEmpty { return [(.current, baseline, modelLabel ?? "model")] }
        return [(.baseline, baseline, modelLabel ?? "model"), (.defended, current, currentLabel)]
    }

    /// A training set of `rows` of the training split (members by default).
    public func trainingSet(rows: [Int]? = nil) -> TrainingSet {
        let d = data.train.subset(rows ?? memberIndices)
        return TrainingSet(
            features: d.features, labels: d.labels, sensitive: d.sensitiveByName,
            classCount: data.train.classCount)
    }
}
