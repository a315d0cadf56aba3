import AmuletData
import AmuletLearn
import AmuletTensor

/// A defense added with `defend`: its plug-in, the call as given, and the hook set it built.
public struct AppliedDefense: Sendable {
    /// The catalog entry.
    public var plugin: any DefensePlugin.Type
    /// The parameters the user gave.
    public var call: PluginCall
    /// The training defense, built for the defended recipe.
    public var defense: any TrainingDefense

    /// An applied defense.
    public init(plugin: any DefensePlugin.Type, call: PluginCall, defense: any TrainingDefense) {
        self.plugin = plugin
        self.call = call
        self.defense = defense
    }

    /// Catalog name (`dp`).
    public var name: String { plugin.spec.name }

    /// A short label such as `dp(eps=1)`.
    public var label: String {
        let given = call.given.canonical()
        return given.isEmpty ? name : "\(name)(\(given))"
    }
}

/// Which model of a scenario is evaluated.
public enum ModelRole: String, Sendable, Codable, CaseIterable {
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
    /// What its training reported through its defenses (ε spent).
    public var trainingMeasurements: [Measurement]

    /// A model under test.
    public init(
        role: ModelRole, recipe: Recipe, label: String, model: TrainedModel, fromCache: Bool,
        trainingMeasurements: [Measurement] = []
    ) {
        self.role = role
        self.recipe = recipe
        self.label = label
        self.model = model
        self.fromCache = fromCache
        self.trainingMeasurements = trainingMeasurements
    }
}

/// One model of a scenario to train and evaluate.
public struct ScenarioRole: Sendable {
    /// Baseline, defended or current.
    public var role: ModelRole
    /// Its full recipe.
    public var recipe: Recipe
    /// Its label, such as `mlp-m1 epochs=3 + dp(eps=1)`.
    public var label: String
    /// The defenses in its recipe.
    public var defenses: [AppliedDefense]
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
    /// Catalog name of the trained model, once `train` ran.
    public var modelName: String?
    /// The model's parameters as given to `train`.
    public var modelParameters = ParameterValues()
    /// The baseline recipe from `train` (no defenses).
    public var baseline: Recipe?
    /// The model's label such as `mlp-m1`.
    public var modelLabel: String?
    /// Defenses added since `train`, in order.
    public private(set) var defenses: [AppliedDefense]

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

    /// Sets the trained model's recipe and clears the defenses.
    public mutating func setModel(
        name: String, recipe: Recipe, label: String, parameters: ParameterValues
    ) {
        modelName = name
        baseline = recipe
        modelLabel = label
        modelParameters = parameters
        defenses = []
    }

    /// Replaces the defense list, rebuilding every defense for the recipe they train with.
    ///
    /// A defense's hooks depend on the recipe (DP-SGD's σ on batch size and epochs), and a
    /// defense may recommend training settings, so all are rebuilt whenever the list changes.
    /// `cancellation` is polled by defenses whose construction is long work.
    public mutating func setDefenses(
        _ list: [(plugin: any DefensePlugin.Type, call: PluginCall)],
        cancellation: CancellationToken? = nil
    ) throws {
        guard let recipe = defendedTraining(list.map(\.plugin)).recipe else {
            throw ScenarioError.noModel
        }
        var rebuilt: [AppliedDefense] = []
        for (plugin, call) in list {
            rebuilt.append(
                AppliedDefense(
                    plugin: plugin, call: call,
                    defense: try plugin.make(
                        call, recipe: recipe, scenario: self, cancellation: cancellation)))
        }
        defenses = rebuilt
    }

    /// The baseline recipe with the settings `plugins` recommend where neither `train` nor the
    /// model plug-in chose one, and a note per plug-in naming what it set; no recipe before
    /// `train`.
    ///
    /// A model plug-in's own default is a choice too: `cnn` trains digits with batch 32, and
    /// DP-SGD's batch 256 would sample q = 0.57 of digits' 449 members at every step. A
    /// setting is the model's own when the model plug-in's spec declares a default for it
    /// other than the shared one of `TrainingParameters`.
    public func defendedTraining(_ plugins: [any DefensePlugin.Type]) -> (
        recipe: Recipe?, notes: [String]
    ) {
        guard var recipe = baseline else { return (nil, []) }
        var notes: [String] = []
        for plugin in plugins {
            guard let recommended = plugin.recommendedTraining else { continue }
            var set: [String] = []
            if let lr = recommended.learningRate,
                modelParameters[TrainingParameters.learningRate.name] == nil,
                !modelHasOwnDefault(TrainingParameters.learningRate.spec),
                lr != recipe.optimizer.learningRate
            {
                recipe.optimizer = recipe.optimizer.withLearningRate(lr)
                set.append("\(TrainingParameters.learningRate.name)=\(ParameterValue.number(lr))")
            }
            if let batch = recommended.batchSize,
                modelParameters[TrainingParameters.batch.name] == nil,
                !modelHasOwnDefault(TrainingParameters.batch.spec), batch != recipe.batchSize
            {
                recipe.batchSize = batch
                set.append("\(TrainingParameters.batch.name)=\(batch)")
            }
            if let epochs = recommended.epochs,
                modelParameters[TrainingParameters.epochs.name] == nil,
                !modelHasOwnDefault(TrainingParameters.epochs.spec), epochs != recipe.epochs
            {
                recipe.epochs = epochs
                set.append("\(TrainingParameters.epochs.name)=\(epochs)")
            }
            if !set.isEmpty {
                notes.append(
                    "\(plugin.spec.name) trains with \(set.joined(separator: ", ")): "
                        + "\(recommended.reason); give them to 'train' to choose your own")
            }
        }
        return (recipe, notes)
    }

    /// Whether the trained model's plug-in declares its own default for `parameter` (cnn's
    /// batch=32), which a defense's recommendation must not override.
    private func modelHasOwnDefault(_ parameter: ParameterSpec) -> Bool {
        guard let modelName,
            let own = Catalog.builtIn.spec(.model, modelName)?.parameters.first(where: {
                $0.name == parameter.name
            })
        else { return false }
        return own.defaultValue != parameter.defaultValue
    }

    /// The recipe with every defense, or nil before `train`.
    public var current: Recipe? {
        guard var recipe = defendedTraining(defenses.map(\.plugin)).recipe else { return nil }
        recipe.defenses = defenses.map(\.defense)
        return recipe
    }

    /// The model's label with the training settings given to `train`, such as
    /// `mlp-m1 epochs=3` (the architecture's own parameters already shape `mlp-m2`, `+bn`).
    public var modelDescription: String {
        let given = modelParameters.canonical(
            only: TrainingParameters.common.map(\.name), separator: " ")
        return [modelLabel ?? "model", given].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A label such as `mlp-m1 epochs=3 + dp(eps=1)`.
    ///
    /// The model part names the architecture the defended model trains: a defense that
    /// changes it (DP-SGD removes batch-norm) changes the label too, so `mlp-m1+bn` with
    /// `dp` reads `mlp-m1 + dp(eps=1)`, as its note says.
    public var currentLabel: String {
        ([defendedModelDescription] + defenses.map(\.label)).joined(separator: " + ")
    }

    /// `modelDescription` with the architecture as the defenses leave it.
    private var defendedModelDescription: String {
        guard let baseline, let modelLabel, !defenses.isEmpty else { return modelDescription }
        var summary = TrainingSummary()
        let adjusted = defenses.reduce(baseline.architecture) { architecture, applied in
            applied.defense.adjust(architecture, summary: &summary)
        }
        guard adjusted.label != modelLabel, modelLabel == baseline.architecture.label else {
            return modelDescription
        }
        let given = modelParameters.canonical(
            only: TrainingParameters.common.map(\.name), separator: " ")
        return [adjusted.label, given].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The models to evaluate: the baseline and the defended one, or the one current model.
    ///
    /// The baseline compares like with like: it trains with the settings the defended model
    /// trains with (DP-SGD's lr=0.003, batch=256, epochs=10 where `train` chose none), only
    /// without the defenses, and its label names the settings that differ from `train`'s.
    public var roles: [ScenarioRole] {
        guard let baseline, let current else { return [] }
        if defenses.isEmpty {
            return [
                ScenarioRole(role: .current, recipe: baseline, label: currentLabel, defenses: [])
            ]
        }
        var comparable = current
        comparable.defenses = []
        return [
            ScenarioRole(
                role: .baseline, recipe: comparable, label: baselineLabel(comparable),
                defenses: []),
            ScenarioRole(role: .defended, recipe: current, label: currentLabel, defenses: defenses),
        ]
    }

    /// The baseline's label: the model's, with the training settings a defense recommended
    /// where they differ from `train`'s (`mlp-m1 (lr=0.003, batch=256)`).
    private func baselineLabel(_ recipe: Recipe) -> String {
        guard let trained = baseline else { return modelDescription }
        var changed: [String] = []
        if recipe.optimizer.learningRate != trained.optimizer.learningRate {
            changed.append(
                "\(TrainingParameters.learningRate.name)="
                    + "\(ParameterValue.number(recipe.optimizer.learningRate))")
        }
        if recipe.batchSize != trained.batchSize {
            changed.append("\(TrainingParameters.batch.name)=\(recipe.batchSize)")
        }
        if recipe.epochs != trained.epochs {
            changed.append("\(TrainingParameters.epochs.name)=\(recipe.epochs)")
        }
        return changed.isEmpty
            ? modelDescription : modelDescription + " (" + changed.joined(separator: ", ") + ")"
    }

    /// The dataset's identity without the split seed: what repetitions of one experiment share.
    public var datasetKey: String {
        data.identity.split(separator: "|").filter { !$0.hasPrefix("seed=") }
            .joined(separator: "|") + "|members=\(memberFraction)"
    }

    /// The dataset's name with the parameters given to `load`, such as `adult test=0.3`.
    public var datasetDescription: String {
        let given = datasetParameters.canonical(separator: " ")
        return given.isEmpty ? datasetName : "\(datasetName) \(given)"
    }

    /// A training set of `rows` of the training split (members by default).
    public func trainingSet(rows: [Int]? = nil) -> TrainingSet {
        let d = data.train.subset(rows ?? memberIndices)
        return TrainingSet(
            features: d.features, labels: d.labels, sensitive: d.sensitiveByName,
            classCount: data.train.classCount)
    }
}
