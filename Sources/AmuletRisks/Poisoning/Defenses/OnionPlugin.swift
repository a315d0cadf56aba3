import AmuletData
import AmuletLearn

/// `defend onion`: ONION, perplexity-outlier word removal for text backdoors.
///
/// The language model learns from the defender's trusted tenth of the members (clean, as the
/// paper's GPT-2 is a model of clean text). Without `threshold=`, t is calibrated as the paper
/// tunes it on clean data: the score that removes the share `removal=` of the words of the
/// other members' sentences, which the model did not see.
public enum OnionPlugin: DefensePlugin {
    static let threshold = OptionalParameter<Double>(
        "threshold", range: -1e6...1e6,
        doc: "remove a word when removing it lowers the perplexity by more than this "
            + "(default: calibrated by removal=)")
    static let removal = Parameter<Double>(
        "removal", default: 0.01, range: 0...0.5,
        doc: "without threshold=, the share of clean words t is calibrated to remove")
    static let order = Parameter<Int>(
        "order", default: 2, range: 1...3,
        doc: "n-gram order of the Kneser–Ney language model (2: bigrams; the trusted set is small)")

    /// Words removed per training sentence.
    public static let removedPerSentence = MetricID(
        OnionDefense.removedKey, risk: .poisoning, unit: .count, direction: .neutral,
        doc: "mean words ONION removed from each training sentence")

    public static let spec = PluginSpec(
        name: "onion", kind: .defense,
        summary: "ONION: remove the words whose removal lowers a language model's perplexity",
        risk: .poisoning,
        explanation: "For each sentence, scores every word by how much the perplexity of a "
            + "language model drops when the word is removed (p₀ − pᵢ) and removes the words "
            + "scoring above a threshold t: threshold=, or calibrated so that removal= "
            + "(default 1%) of the words of the defender's trusted clean sentences would go, "
            + "as the paper tunes t on clean data. The training sentences are purified before training, "
            + "and attack backdoor purifies its triggered and clean test sentences the same "
            + "way (the defense sits in front of the deployed model). The language model is a "
            + "word n-gram model with interpolated Kneser–Ney smoothing trained on the "
            + "defender's trusted training sentences (the paper's GPT-2, a model of clean "
            + "text, cannot be downloaded here). Text data "
            + "only. The SoK's arrows are those of its data-sanitisation poisoning defense "
            + "(outlier removal), the family ONION belongs to.",
        parameters: [threshold.spec, removal.spec, order.spec], reports: [removedPerSentence],
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
                reference: reference)
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
            setting: "removal=\(call[removal])")
    }

    /// Words removed per sentence, as training reported.
    public static func measurements(of summary: TrainingSummary) -> [Measurement] {
        summary.removedWordsPerSentence.map {
            [Measurement(removedPerSentence, value: $0)]
        } ?? []
    }
}
