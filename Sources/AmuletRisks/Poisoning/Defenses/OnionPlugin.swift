import AmuletData
import AmuletLearn

/// `defend onion`: ONION, perplexity-outlier word removal for text backdoors.
///
/// The language model learns from the defender's trusted tenth of the members (clean, as the
/// paper's GPT-2 is a model of clean text). Without `threshold=`, t is calibrated as the paper
/// tunes it on clean data: the score that removes the share `removal=` of the words of the
/// other members' sentences, which the model did not see.
///
/// By default ONION purifies the deployed model's inputs only, as the paper evaluates it.
/// Purifying the training sentences too (`purify=both`) strips the trigger from the poisoned
/// members but leaves their flipped labels: negative reviews labelled positive, which a model
/// that fits its training set learns as such. On lesson 7's corpus at 1% poisoning that cost the
/// transformer 4.6 points of clean accuracy against 1.4 for inputs only, for no lower success
/// rate (0.092 against 0.045; fastText: 1.5 and 1.4 points, 0.030 and 0.045).
public enum OnionPlugin: DefensePlugin {
    static let threshold = OptionalParameter<Double>(
        "threshold", range: -1e6...1e6,
        doc: "remove a word when removing it lowers the perplexity by more than this "
            + "(default: calibrated by removal=)")
    static let removal = Parameter<Double>(
        "removal", default: 0.01, range: 0...0.5,
        doc: "without threshold=, the share of clean words t is calibrated to remove")
    /// What ONION purifies.
    enum Purify: String, ParameterChoice {
        /// The deployed model's inputs only, as the paper uses it (the model trains as given).
        case inputs
        /// The training sentences before training, and the inputs.
        case both
    }

    static let purify = Parameter<Purify>(
        "purify", default: .inputs,
        doc: "inputs (the deployed model's inputs, as the paper) or both (the training "
            + "sentences too, before training)")
    static let order = Parameter<Int>(
        "order", default: 2, range: 1...3,
        doc: "n-gram order of the Kneser–Ney language model (2: bigrams; the trusted set is small)")

    /// Words removed per training sentence (a mean, not a count: 0.1 shows as such).
    public static let removedPerSentence = MetricID(
        OnionDefense.removedKey, risk: .poisoning, unit: .number, direction: .neutral,
        doc: "mean words ONION removed from each training sentence")

    public static let spec = PluginSpec(
        name: "onion", kind: .defense,
        summary: "ONION: remove the words whose removal lowers a language model's perplexity",
        risk: .poisoning,
        explanation: "For each sentence, scores every word by how much the perplexity of a "
            + "language model drops when the word is removed (p₀ − pᵢ) and removes the words "
            + "scoring above a threshold t: threshold=, or calibrated so that removal= "
            + "(default 1%) of the words of clean member sentences the language model did not "
            + "see would go, as the paper tunes t on clean data. Words go greedily, the most "
            + "suspicious first, and the rest are scored again without it, so a trigger's "
            + "inflated perplexity does not take its neighbours with it. attack backdoor "
            + "purifies its triggered and clean test sentences before the model sees them (the "
            + "defense sits in front of the deployed model, as in the paper); purify=both also "
            + "purifies the training sentences before training (their poisoned labels stay). "
            + "The language model is a "
            + "word n-gram model with interpolated Kneser–Ney smoothing trained on the "
            + "defender's trusted training sentences (the paper's GPT-2, a model of clean "
            + "text, cannot be downloaded here). Text data "
            + "only. The SoK's arrows are those of its data-sanitisation poisoning defense "
            + "(outlier removal), the family ONION belongs to.",
        parameters: [threshold.spec, removal.spec, order.spec, purify.spec],
        reports: [removedPerSentence],
        // SoK Table 3, outlier removal's row: ↓ ↓ ? ↑ ? ↑ ? ↑
        interactions: RiskInteraction.sokRow(
            evasion: .falls, poisoning: .falls, ownership: .unexplored, membership: .rises,
            reconstruction: .unexplored, attribute: .rises, distribution: .unexplored,
            fairness: .rises, target: .poisoning),
        factors: .outlierRemoval,
        cost: .defendedRetrain(),
        reference: "Qi et al., ONION: A Simple and Effective Defense Against Textual Backdoor "
            + "Attacks, EMNLP 2021")

    public static func make(_ call: PluginCall, recipe: Recipe, scenario: Scenario) throws
        -> any TrainingDefense
    {
        guard case .text(_, let vocabulary) = scenario.data.train.modality else {
            throw ScenarioError.unsupported(
                "onion purifies sentences, and '\(scenario.datasetName)' is not text; load "
                    + "sst2, text file=…, or synthetic modality=text")
        }
        let train = scenario.data.train
        let trusted = scenario.trustedMemberIndices
        let reference = trusted.isEmpty ? nil : train.features.gatherRows(trusted)
        if let given = call[threshold] {
            return OnionDefense(
                threshold: given, order: call[order], vocabularySize: vocabulary.count + 1,
                reference: reference, purifiesTraining: call[purify] == .both)
        }
        let held = Set(trusted)
        let rest = scenario.memberIndices.filter { !held.contains($0) }
        guard let reference, !rest.isEmpty else {
            throw ScenarioError.unsupported(
                "onion calibrates its threshold with the defender's trusted members, and there "
                    + "are none; give threshold= or load more data")
        }
        let probe = OnionPurifier(
            trainingFeatures: reference, vocabularySize: vocabulary.count + 1,
            order: call[order], threshold: 0)
        // Calibrated on members the model did not see (a poisoned one among them barely moves
        // a quantile), rounded to three decimals for the notes that show it.
        let t = probe.calibratedThreshold(
            clean: train.features.gatherRows(rest), removal: call[removal])
        return OnionDefense(
            threshold: (t * 1000).rounded() / 1000, order: call[order],
            vocabularySize: vocabulary.count + 1, reference: reference,
            purifiesTraining: call[purify] == .both, setting: "removal=\(call[removal])")
    }

    /// Words removed per sentence, as training reported.
    public static func measurements(of summary: TrainingSummary) -> [Measurement] {
        summary.removedWordsPerSentence.map {
            [Measurement(removedPerSentence, value: $0)]
        } ?? []
    }
}
