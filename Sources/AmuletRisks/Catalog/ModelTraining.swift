import AmuletLearn
import Foundation

/// One model a command needs trained: why, with which recipe, on how many rows, under which key.
///
/// The cost of a command is the list of these its plug-in declares (`PluginSpec.cost`), so a
/// plan can say how many models a cell trains, how many the cache already holds, and about how
/// long the rest take, before any of them is trained.
public struct ModelTraining: Sendable, Equatable {
    /// What the model is for, such as "shadow model" or "defended model".
    public var purpose: String
    /// Its recipe (architecture, epochs, defenses).
    public var recipe: Recipe
    /// Training rows.
    public var rows: Int
    /// Its workbench key (the model cache's file name), when it can be known without training.
    public var key: String?
    /// The training split's rows it trains on, when it is trained as
    /// `Workbench.model(_:scenario:rows:)` trains (the key then hashes them), so another
    /// process can train it ahead of time; nil for models trained on a set built otherwise
    /// (a surrogate on the target's answers, a retrain on poisoned data).
    public var rowIndices: [Int]?
    /// Work per row and epoch relative to plain training: the factor a plug-in declares times
    /// the recipe's defenses' (`Recipe.defenseWorkFactor`): adversarial training runs its
    /// attack on every batch, so one epoch costs about (1 + steps) plain epochs, and so does
    /// every shadow model trained with its recipe.
    public var workFactor: Double

    /// A model training.
    public init(
        purpose: String, recipe: Recipe, rows: Int, key: String?, workFactor: Double = 1
    ) {
        self.purpose = purpose
        self.recipe = recipe
        self.rows = rows
        self.key = key
        self.workFactor = workFactor * recipe.defenseWorkFactor
    }

    /// The model of `recipe` on `rows` of the scenario's training split, keyed as the workbench
    /// keys it (`Workbench.model(_:scenario:rows:)`).
    public init(
        purpose: String, recipe: Recipe, scenario: Scenario, rows: [Int]? = nil,
        workFactor: Double = 1
    ) {
        let trainingRows = rows ?? scenario.memberIndices
        self.init(
            purpose: purpose, recipe: recipe, rows: trainingRows.count,
            key: ModelCache.key(
                datasetIdentity: scenario.data.identity, memberIndices: trainingRows,
                recipe: recipe),
            workFactor: workFactor)
        self.rowIndices = trainingRows
    }

    /// Multiply-accumulates of the whole training, about 3 × parameters × rows × epochs × work
    /// factor (a forward pass costs one multiply-add per weight per row, backward two), plus
    /// what the defenses' preparation costs (`Recipe.preparationWork`).
    ///
    /// For a CNN the weights are reused across positions, so this undercounts its work.
    public func multiplyAccumulates(inputWidth: Int, classes: Int) -> Double {
        let parameters = recipe.architecture.parameterCount(
            inputWidth: inputWidth, classes: classes)
        let epochs = max(recipe.epochs, 0)
        return 3 * Double(parameters) * Double(rows) * Double(epochs) * workFactor
            + recipe.preparationWork(rows: rows, inputWidth: inputWidth)
    }

    /// Equal when purpose, key, rows and factor match (recipes are compared through the key).
    public static func == (lhs: ModelTraining, rhs: ModelTraining) -> Bool {
        lhs.purpose == rhs.purpose && lhs.key == rhs.key && lhs.rows == rhs.rows
            && lhs.workFactor == rhs.workFactor && lhs.recipe.identity == rhs.recipe.identity
    }
}

/// What a declared cost is computed from: the model under test's role and recipe, the scenario
/// and the seed of the evaluation, all known before anything trains.
public struct CostContext: Sendable {
    /// The recipe of the model the command evaluates (for a defense: the defended recipe).
    public var recipe: Recipe
    /// The scenario.
    public var scenario: Scenario
    /// The seed of the evaluation (the session's seed), from which plug-ins derive theirs.
    public var seed: UInt64

    /// A cost context.
    public init(recipe: Recipe, scenario: Scenario, seed: UInt64) {
        self.recipe = recipe
        self.scenario = scenario
        self.seed = seed
    }
}

/// A plug-in's declared cost: the model trainings one call needs for one model under test.
///
/// An evaluation lists the models it trains besides the model it evaluates (LiRA's shadows, a
/// distribution attack's populations, an extraction's surrogate, a poisoned retrain); a
/// defense lists the defended model it makes the scenario retrain. Each plug-in declares its
/// own, so the language can plan a cell without knowing any plug-in.
public struct PluginCost: Sendable {
    /// The trainings `call` needs in `context`.
    public let trainings: @Sendable (PluginCall, CostContext) throws -> [ModelTraining]

    /// A cost computed by `trainings`.
    public init(
        _ trainings: @escaping @Sendable (PluginCall, CostContext) throws -> [ModelTraining]
    ) {
        self.trainings = trainings
    }

    /// Trains nothing beyond the model it evaluates (accuracy, fairness, evasion).
    public static let noTraining = PluginCost { _, _ in [] }

    /// A defense that retrains the model with its hooks, `workFactor` times the plain work.
    public static func defendedRetrain(workFactor: Double = 1) -> PluginCost {
        PluginCost { _, context in
            [
                ModelTraining(
                    purpose: "defended model", recipe: context.recipe, scenario: context.scenario,
                    workFactor: workFactor)
            ]
        }
    }
}
