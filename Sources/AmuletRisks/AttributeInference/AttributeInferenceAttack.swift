import AmuletData
import AmuletLearn
import AmuletTensor

/// Attribute inference from a model's outputs: an MLP maps the target's output probabilities
/// to a sensitive attribute.
///
/// The adversary queries the target on its own data (rows whose sensitive attributes it
/// knows), trains one MLP per attribute from the probability vector to the attribute, and
/// picks the decision threshold that maximises the geometric mean √(TPR·(1 − FPR)) on its own
/// data, so a rare group is not ignored. It then infers the attribute of the target's
/// training members from their output vectors. The attack MLP has hidden widths 64-128-32
/// and trains with Adam, as the Python Amulet's `DudduCIKM2022` does (scikit-learn's
/// `MLPClassifier`). With `patience` set, a seeded `validationFraction` of the adversary's rows
/// is held out and training stops once their cross-entropy has not improved (by 1e-4) for
/// `patience` epochs, keeping the best epoch's network (scikit-learn's `early_stopping`, which
/// holds out 10%).
///
/// Reference: Duddu & Boutet, "Inferring Sensitive Attributes from Model Explanations",
/// CIKM 2022; Amulet (ssg-research/amulet), `attribute_inference/attacks/duddu_cikm_2022.py`.
public struct AttributeInferenceAttack: Sendable {
    /// Hidden widths of the attack MLP.
    public var hidden: [Int]
    /// Passes of the attack MLP over the adversary's data (the most, with early stopping).
    public var epochs: Int
    /// Epochs without improvement of the held-out loss before stopping; nil trains all epochs
    /// on all the adversary's rows.
    public var patience: Int?
    /// Share of the adversary's rows held out for early stopping.
    public var validationFraction: Double
    /// Seed of the attack models' initialisation, batches and held-out split.
    public var seed: UInt64

    /// An attack with the Python Amulet's attack MLP (64-128-32).
    public init(
        hidden: [Int] = [64, 128, 32], epochs: Int = 20, patience: Int? = nil,
        validationFraction: Double = 0.1, seed: UInt64 = 0
    ) {
        self.hidden = hidden
        self.epochs = epochs
        self.patience = patience
        self.validationFraction = validationFraction
        self.seed = seed
    }

    /// Infers each of `attributes` of the `victims` rows from `target`'s outputs.
    ///
    /// - Parameters:
    ///   - target: The attacked network; only its output probabilities are used.
    ///   - adversary: The adversary's rows, with the attributes known (the attack's training set).
    ///   - victims: The rows whose attributes are inferred (the target's members).
    ///   - attributes: Names of sensitive attributes present in both datasets.
    ///   - trainer: Trains the attack models (its cancellation token is polled).
    ///   - clock: Times each attack-model training, when given.
    /// - Returns: One result per attribute, in the order given.
    /// - Throws: `ScenarioError.unsupported` when a dataset lacks an attribute; training errors.
    public func run(
        target: Network, adversary: Dataset, victims: Dataset, attributes: [String],
        trainer: Trainer = Trainer(), clock: TrainingClock? = nil
    ) throws -> [AttributeInferenceResult] {
        let adversaryOutputs = target.probabilities(adversary.features)
        let victimOutputs = target.probabilities(victims.features)
        var results: [AttributeInferenceResult] = []
        for (k, name) in attributes.enumerated() {
            guard let known = adversary.attribute(name), let truth = victims.attribute(name)
            else {
                throw ScenarioError.unsupported(
                    "\(adversary.name) has no sensitive attribute '\(name)'")
            }
            let recipe = Recipe(
                architecture: .mlp(hidden: hidden, batchNorm: false, dropout: 0),
                optimizer: .adam(learningRate: 1e-3, weightDecay: 0), epochs: epochs,
                batchSize: 200, seed: SeededGenerator.deriveSeed(seed, UInt64(k)))
            let (network, trained) = try attackModel(
                recipe, inputs: adversaryOutputs, labels: known.values, trainer: trainer,
                clock: clock)
            let threshold = Self.balancedThreshold(
                scores: Self.positiveProbability(network, adversaryOutputs),
                truth: known.values)
            var result = AttributeInferenceResult(
                attribute: name, scores: Self.positiveProbability(network, victimOutputs),
                truth: truth.values, threshold: threshold)
            result.epochs = trained
            results.append(result)
        }
        return results
    }

    /// The attack MLP and the epochs it trained: all of `recipe`'s, or with `patience` the
    /// best held-out epoch before the loss stopped improving.
    ///
    /// Training is deterministic in its seed and nothing in it depends on the number of epochs,
    /// so a run of k epochs is the first k epochs of a longer run: one monitored run finds the
    /// stopping epoch, and a second run of that many epochs (when fewer) gives its network.
    func attackModel(
        _ recipe: Recipe, inputs: Matrix, labels: [Int], trainer: Trainer,
        clock: TrainingClock? = nil
    ) throws -> (Network, epochs: Int) {
        func train(_ recipe: Recipe, on set: TrainingSet) throws -> TrainedModel {
            try clock.time { try trainer.train(recipe, on: set) }
        }
        let n = labels.count
        let heldOut = Int(Double(n) * validationFraction)
        guard let patience, heldOut >= 1, heldOut < n else {
            let model = try train(
                recipe, on: TrainingSet(features: inputs, labels: labels, classCount: 2))
            return (model.network, recipe.epochs)
        }
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(recipe.seed, 0x7661_6C69))
        let (held, kept) = Splitter.random(total: n, count: heldOut, rng: &rng)
        let fit = TrainingSet(
            features: inputs.gatherRows(kept), labels: kept.map { labels[$0] }, classCount: 2)
        let heldFeatures = inputs.gatherRows(held)
        let heldLabels = held.map { labels[$0] }
        var monitored = recipe
        monitored.defenses = [ValidationLossMonitor(features: heldFeatures, labels: heldLabels)]
        let full = try train(monitored, on: fit)
        let losses = full.summary.validationLosses ?? []
        let curve =
            (0..<recipe.epochs).map { $0 < losses.count ? losses[$0] : .infinity } + [
                ValidationLossMonitor.crossEntropy(full.network, heldFeatures, heldLabels)
            ]
        let best = Self.stoppingEpoch(curve, patience: patience)
        guard best < recipe.epochs else { return (full.network, best) }
        var stopped = recipe
        stopped.epochs = best
        return (try train(stopped, on: fit).network, best)
    }

    /// The epoch early stopping keeps: `curve[e]` is the held-out loss after e epochs; the best
    /// epoch (≥ 1) so far, stopping once `patience` epochs in a row failed to beat it by 1e-4.
    static func stoppingEpoch(_ curve: [Double], patience: Int) -> Int {
        guard curve.count > 1 else { return curve.count - 1 }
        var best = 1
        for e in 2..<curve.count {
            if curve[e] < curve[best] - 1e-4 {
                best = e
            } else if e - best >= patience {
                break
            }
        }
        return best
    }

    /// P(attribute = 1) of each row under the attack model.
    static func positiveProbability(_ network: Network, _ inputs: Matrix) -> [Double] {
        let probabilities = network.probabilities(inputs)
        return (0..<probabilities.rows).map { Double(probabilities[$0, 1]) }
    }

    /// The score threshold maximising √(TPR·(1 − FPR)) (predict 1 when score ≥ threshold).
    ///
    /// This is the Python Amulet's choice on the adversary's own data; on a constant score it
    /// returns that score, so every row is predicted 1 and the balanced accuracy is 0.5.
    static func balancedThreshold(scores: [Double], truth: [Int]) -> Double {
        let curve = ROCCurve(scores: scores, isPositive: truth.map { $0 == 1 })
        var best = -1.0
        var threshold = scores.max() ?? 0.5
        for k in curve.thresholds.indices where curve.thresholds[k].isFinite {
            let gmean = (curve.truePositiveRates[k] * (1 - curve.falsePositiveRates[k]))
                .squareRoot()
            if gmean > best {
                best = gmean
                threshold = curve.thresholds[k]
            }
        }
        return threshold
    }
}

/// What attribute inference achieved on one sensitive attribute.
public struct AttributeInferenceResult: Sendable {
    /// The attribute's name such as `sex`.
    public var attribute: String
    /// P(attribute = 1) the attack assigns to each victim row.
    public var scores: [Double]
    /// The victims' true attribute values.
    public var truth: [Int]
    /// The threshold chosen on the adversary's data.
    public var threshold: Double
    /// Epochs the attack model trained (fewer than asked when early stopping ended it).
    public var epochs: Int?

    /// A result; predictions are `scores ≥ threshold`.
    public init(attribute: String, scores: [Double], truth: [Int], threshold: Double) {
        self.attribute = attribute
        self.scores = scores
        self.truth = truth
        self.threshold = threshold
    }

    /// ½(TPR + TNR) of the thresholded predictions: 0.5 is guessing or a constant answer;
    /// nil when the victims hold only one group.
    public var balancedAccuracy: Double? {
        var counts = [[0, 0], [0, 0]]  // counts[truth][prediction]
        for (score, value) in zip(scores, truth) {
            counts[value == 1 ? 1 : 0][score >= threshold ? 1 : 0] += 1
        }
        let negatives = counts[0][0] + counts[0][1]
        let positives = counts[1][0] + counts[1][1]
        guard negatives > 0, positives > 0 else { return nil }
        return 0.5 * (Double(counts[1][1]) / Double(positives))
            + 0.5 * (Double(counts[0][0]) / Double(negatives))
    }

    /// Area under the ROC curve of the scores; nil when the victims hold only one group.
    public var auc: Double? {
        let positives = truth.filter { $0 == 1 }.count
        guard positives > 0, positives < truth.count else { return nil }
        return ROCCurve(scores: scores, isPositive: truth.map { $0 == 1 }).auc
    }

    /// The share of the larger group among the victims: a constant guess's accuracy.
    public var majorityRate: Double {
        guard !truth.isEmpty else { return 0 }
        let positives = Double(truth.filter { $0 == 1 }.count)
        return max(positives, Double(truth.count) - positives) / Double(truth.count)
    }
}
