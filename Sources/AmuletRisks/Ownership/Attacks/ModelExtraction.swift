import AmuletData
import AmuletLearn
import AmuletTensor

/// A model-extraction adversary: queries the target on its own data and trains a surrogate on
/// the answers, through the one training loop.
///
/// The adversary holds the scenario's adversary split (rows of the training split that are not
/// the target's members). It sends `queries` of those rows, chosen at random, and keeps the
/// target's class probabilities. The surrogate then fits them with the mean squared error on
/// probabilities, the KL divergence to them, or cross-entropy on their argmax labels (the
/// adversary that only sees labels). The surrogate trains with the target's optimizer, epochs
/// and batch size but none of its defenses, which are the owner's, not the thief's.
/// Reference: Tramèr et al., "Stealing Machine Learning Models via Prediction APIs", USENIX
/// Security 2016; Liu et al., "ML-Doctor", USENIX Security 2022 (the distillation losses).
struct ModelExtraction: Sendable {
    /// What the surrogate is fitted to.
    enum Objective: String, ParameterChoice {
        /// Mean squared error on the target's probabilities.
        case mse
        /// KL divergence to the target's probabilities.
        case kl
        /// Cross-entropy on the target's predicted labels.
        case ce
    }

    /// The surrogate's architecture: the target's own, or a named capacity.
    enum SurrogateArchitecture: String, ParameterChoice {
        case same, logistic, m1, m2, m3, m4

        /// The architecture for a target trained with `target`.
        func architecture(target: Architecture) -> Architecture {
            switch self {
            case .same: return target
            case .logistic: return .logisticRegression
            case .m1, .m2, .m3, .m4:
                let hidden = Architecture.capacities[rawValue] ?? [128, 256, 128]
                return .mlp(hidden: hidden, batchNorm: false, dropout: 0)
            }
        }
    }

    /// Rows of the adversary's data sent as queries; nil sends them all.
    var queries: Int?
    /// The distillation loss.
    var objective: Objective = .mse
    /// The surrogate's architecture.
    var architecture: SurrogateArchitecture = .same

    /// The adversary's query rows: a seeded random subset of the adversary split.
    func queryRows(scenario: Scenario, seed: UInt64) throws -> [Int] {
        let available = scenario.adversaryIndices
        guard let queries else { return available }
        guard queries <= available.count else {
            throw ScenarioError.invalidParameter(
                name: "queries",
                message: "queries=\(queries) exceeds the adversary's \(available.count) rows; "
                    + "give at most \(available.count)")
        }
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 0x5155_4552))
        return rng.sampleWithoutReplacement(queries, from: available.count).map { available[$0] }
            .sorted()
    }

    /// The surrogate of `target`, trained (or recalled) through the workbench.
    ///
    /// Its cache key names the target's own key, so a surrogate of another target is never
    /// mistaken for this one.
    func surrogate(of target: ModelUnderTest, scenario: Scenario, context: RunContext) throws
        -> (model: TrainedModel, queries: Int)
    {
        let (recipe, rows, key) = try surrogatePlan(
            targetRecipe: target.recipe, targetArchitecture: target.model.architecture,
            scenario: scenario, seed: context.seed)
        let network = target.model.network
        let classCount = scenario.data.train.classCount
        let model = try context.workbench.model(recipe, key: key, test: scenario.data.test) {
            let features = scenario.data.train.features.gatherRows(rows)
            let probabilities = network.probabilities(features)
            let labels = probabilities.argmaxRows()
            let soft: SoftTargets?
            switch objective {
            case .mse: soft = SoftTargets(probabilities: probabilities, loss: .meanSquaredError)
            case .kl: soft = SoftTargets(probabilities: probabilities, loss: .klDivergence)
            case .ce: soft = nil
            }
            return TrainingSet(
                features: features, labels: labels, classCount: classCount, softTargets: soft)
        }.model
        return (model, rows.count)
    }

    /// The surrogate's recipe, query rows and workbench key for a target of `targetRecipe`
    /// whose trained architecture is `targetArchitecture`; trains nothing.
    ///
    /// The key names the target's own key, so a surrogate of another target is never mistaken
    /// for this one.
    func surrogatePlan(
        targetRecipe: Recipe, targetArchitecture: Architecture, scenario: Scenario, seed: UInt64
    ) throws -> (recipe: Recipe, rows: [Int], key: String) {
        let rows = try queryRows(scenario: scenario, seed: seed)
        var recipe = targetRecipe
        recipe.defenses = []
        recipe.architecture = architecture.architecture(target: targetArchitecture)
        recipe.seed = SeededGenerator.deriveSeed(seed, 0x5355_5252)
        var hash = StableHash()
        hash.combine("extraction-v1")
        hash.combine(
            ModelCache.key(
                datasetIdentity: scenario.data.identity, memberIndices: scenario.memberIndices,
                recipe: targetRecipe))
        hash.combine(
            ModelCache.key(
                datasetIdentity: scenario.data.identity, memberIndices: rows, recipe: recipe))
        hash.combine(objective.rawValue)
        return (recipe, rows, hash.hex)
    }

    /// The surrogate training `surrogate(of:scenario:context:)` runs for a target of `recipe`.
    func surrogateTraining(recipe: Recipe, scenario: Scenario, seed: UInt64) throws
        -> ModelTraining
    {
        // The trainer lets defenses adjust the architecture (DP-SGD drops batch norm); the
        // surrogate copies the architecture actually trained.
        var trained = recipe.architecture
        var scratch = TrainingSummary()
        for defense in recipe.defenses { trained = defense.adjust(trained, summary: &scratch) }
        let plan = try surrogatePlan(
            targetRecipe: recipe, targetArchitecture: trained, scenario: scenario, seed: seed)
        return ModelTraining(
            purpose: "surrogate model", recipe: plan.recipe, rows: plan.rows.count, key: plan.key)
    }

    /// Surrogate accuracy, fidelity and correct fidelity on `test`.
    ///
    /// Fidelity is the agreement of the two models' predictions; correct fidelity restricts it
    /// to the examples the target classifies correctly (Jagielski et al., "High Accuracy and
    /// High Fidelity Extraction of Neural Networks", USENIX Security 2020).
    static func measurements(surrogate: Network, target: Network, test: Dataset)
        -> [Measurement]
    {
        let surrogatePredictions = surrogate.predictions(test.features)
        let targetPredictions = target.predictions(test.features)
        var correct = 0
        var agree = 0
        var targetCorrect = 0
        var agreeOnCorrect = 0
        for i in test.labels.indices {
            if surrogatePredictions[i] == test.labels[i] { correct += 1 }
            if surrogatePredictions[i] == targetPredictions[i] { agree += 1 }
            if targetPredictions[i] == test.labels[i] {
                targetCorrect += 1
                if surrogatePredictions[i] == targetPredictions[i] { agreeOnCorrect += 1 }
            }
        }
        let n = Double(max(test.count, 1))
        return [
            Measurement(OwnershipMetrics.surrogateAccuracy, value: Double(correct) / n),
            Measurement(OwnershipMetrics.fidelity, value: Double(agree) / n),
            Measurement(
                OwnershipMetrics.correctFidelity,
                value: targetCorrect > 0 ? Double(agreeOnCorrect) / Double(targetCorrect) : nil,
                note: targetCorrect > 0 ? nil : "the target gets no test example right"),
        ]
    }
}
