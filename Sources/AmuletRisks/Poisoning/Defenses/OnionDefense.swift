import AmuletLearn
import AmuletTensor

/// ONION as a training defense: purifies every training sentence before the first epoch; the
/// backdoor attack purifies test inputs with the same language model (`purifier(for:)`).
///
/// The language model is trained on the defender's trusted (clean) sentences when there are
/// any, else on the training set as received. ONION assumes a language model of clean text (the
/// paper's GPT-2); one trained on the poisoned set learns the trigger, and Kneser–Ney's
/// continuation counts even favour it, since a trigger inserted at random positions follows many
/// different words, the mark of a versatile word.
///
/// Reference: Qi et al., "ONION: A Simple and Effective Defense Against Textual Backdoor
/// Attacks", EMNLP 2021.
public struct OnionDefense: TrainingDefense {
    /// Removal threshold t on the suspicion p₀ − pᵢ.
    public var threshold: Double
    /// The n-gram order of the language model.
    public var order: Int
    /// Ids of the dataset's vocabulary.
    public var vocabularySize: Int
    /// The clean sentences the language model learns from (nil: the training set).
    public var reference: Matrix?
    /// Whether the training sentences are purified too (else only the deployed model's inputs).
    public var purifiesTraining: Bool
    /// How t was chosen, for the identity: `t=…` when given, `removal=…` when calibrated (a
    /// function of the data, which the cache key names already), so repetitions pool.
    public var setting: String

    /// Summary key: mean words removed per training sentence.
    static let removedKey = "onion.removed_per_sentence"

    /// An ONION defense.
    public init(
        threshold: Double, order: Int, vocabularySize: Int, reference: Matrix? = nil,
        purifiesTraining: Bool = false, setting: String? = nil
    ) {
        self.purifiesTraining = purifiesTraining
        self.setting = setting ?? "t=\(threshold)"
        self.threshold = threshold
        self.order = order
        self.vocabularySize = vocabularySize
        self.reference = reference
    }

    public var identity: String {
        "onion(\(setting),order=\(order),lm=\(reference == nil ? "train" : "trusted"),"
            + "purify=\(purifiesTraining ? "both" : "inputs"),greedy)"
    }

    /// The purifier: a language model of the reference sentences, else of `trainingFeatures`.
    public func purifier(for trainingFeatures: Matrix) -> OnionPurifier {
        OnionPurifier(
            trainingFeatures: reference ?? trainingFeatures, vocabularySize: vocabularySize,
            order: order, threshold: threshold)
    }

    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {
        try prepare(&trainingSet, recipe: recipe, rng: &rng, summary: &summary, cancellation: nil)
    }

    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary, cancellation: CancellationToken?
    ) throws {
        guard purifiesTraining else { return }
        let purifier = purifier(for: trainingSet.features)
        var removed = 0
        for r in 0..<trainingSet.features.rows {
            if r % 256 == 0 { try cancellation?.check() }
            let (row, words) = purifier.purify(trainingSet.features.row(r))
            if !words.isEmpty {
                trainingSet.features.setRow(r, row)
                removed += words.count
            }
        }
        summary.removedWordsPerSentence =
            Double(removed) / Double(max(1, trainingSet.features.rows))
    }
}
