import AmuletData
import AmuletLearn
import AmuletTensor

/// Trains a role's recipe on poisoned members and tells what its defenses removed.
///
/// A training-time attack alters some member rows of a copy of the scenario, renames the copy's
/// dataset identity (so the model cache keeps the poisoned model apart) and trains the role's
/// own recipe on it, defenses included: poisoning meets the defenses in the one training loop.
struct PoisonedTraining {
    /// The scenario with the altered training split.
    var scenario: Scenario
    /// Indices into `data.train` of the altered rows.
    var poisonedRows: [Int]

    /// `scenario` with `train` as its training split and `suffix` appended to its identity.
    init(base: Scenario, train: Dataset, poisonedRows: [Int], suffix: String) {
        var copy = base
        copy.data.train = train
        copy.data.identity = base.data.identity + "|poison=" + suffix
        self.scenario = copy
        self.poisonedRows = poisonedRows
    }

    /// The retrain `model(_:context:)` runs for `recipe` on `base` poisoned as `suffix` names,
    /// keyed as the workbench keys it; trains nothing.
    static func training(recipe: Recipe, base: Scenario, suffix: String) -> ModelTraining {
        ModelTraining(
            purpose: "poisoned model", recipe: recipe, rows: base.memberIndices.count,
            key: ModelCache.key(
                datasetIdentity: base.data.identity + "|poison=" + suffix,
                memberIndices: base.memberIndices, recipe: recipe))
    }

    /// The model of `recipe` trained (or recalled) on the poisoned members.
    func model(_ recipe: Recipe, context: RunContext) throws -> TrainedModel {
        try context.workbench.model(recipe, scenario: scenario).model
    }

    /// How many rows the recipe's defenses removed from the poisoned training set, and how many
    /// of those were poisoned; nil when no defense removed a row.
    ///
    /// The defenses' `prepare` hooks are run again, as the trainer runs them (same order and
    /// generator), on the poisoned members with each row's position carried as an extra
    /// per-row column; the positions that survive tell which rows went.
    func removedRows(by recipe: Recipe) throws -> (removed: Int, poisoned: Int)? {
        guard !recipe.defenses.isEmpty else { return nil }
        var set = scenario.trainingSet()
        let total = set.count
        let tag = "\u{1}row-position"
        set.sensitive[tag] = Array(0..<total)
        var rng = SeededGenerator(seed: recipe.seed).derived(3)
        var summary = TrainingSummary()
        var defenses = recipe.defenses
        for i in defenses.indices {
            try defenses[i].prepare(&set, recipe: recipe, rng: &rng, summary: &summary)
        }
        guard set.count < total, let kept = set.sensitive[tag], kept.count == set.count else {
            return nil
        }
        var isPoisoned = [Bool](repeating: false, count: scenario.data.train.count)
        for row in poisonedRows { isPoisoned[row] = true }
        var isKept = [Bool](repeating: false, count: total)
        for position in kept where position >= 0 && position < total { isKept[position] = true }
        var removedPoisoned = 0
        for (position, row) in scenario.memberIndices.enumerated()
        where !isKept[position] && isPoisoned[row] {
            removedPoisoned += 1
        }
        return (total - set.count, removedPoisoned)
    }

    /// The measurements of `removedRows(by:)`, or none.
    func removalMeasurements(_ recipe: Recipe) throws -> [Measurement] {
        var out = [Measurement(PoisoningMetrics.poisonedRows, value: Double(poisonedRows.count))]
        if let removed = try removedRows(by: recipe) {
            out.append(Measurement(PoisoningMetrics.removedRows, value: Double(removed.removed)))
            out.append(
                Measurement(PoisoningMetrics.removedPoisonedRows, value: Double(removed.poisoned)))
        }
        return out
    }

    /// `count` rows drawn without replacement from the members a poisoning adversary may alter,
    /// sorted.
    static func chooseRows(in scenario: Scenario, count: Int, seed: UInt64) -> [Int] {
        let candidates = scenario.poisonableMemberIndices
        var rng = SeededGenerator(seed: seed)
        return rng.sampleWithoutReplacement(min(count, candidates.count), from: candidates.count)
            .map { candidates[$0] }.sorted()
    }
}
