import AmuletData
import AmuletLearn
import AmuletTensor

/// `attack backdoor portion=0.05 target=0 trigger=[…]`: a BadNets backdoor planted in the members.
///
/// `trigger=` is a list of feature indices on tabular data and images, a word on text
/// (`trigger=cf`, TextBadNets: `TextBackdoor`); `BackdoorPlugin+Trigger` reads it for the data.
///
/// A seeded `portion` of the members (never the defender's trusted rows) gets the trigger and
/// the label `target`; the role's recipe, defenses included, is trained on the poisoned members.
/// Success rate = |{x ∈ test : y(x) ≠ target, f(trigger(x)) = target}| / |{x ∈ test : y(x) ≠
/// target}|, measured on the poisoned model, beside its clean test accuracy.
///
/// Reference: Gu, Dolan-Gavitt & Garg, "BadNets: Identifying Vulnerabilities in the Machine
/// Learning Model Supply Chain", arXiv:1708.06733 (2017).
public enum BackdoorPlugin: EvaluationPlugin {
    static let portion = Parameter<Double>(
        "portion", default: 0.05, range: 0...1, doc: "fraction of the members poisoned")
    static let target = Parameter<Int>(
        "target", default: 1, range: 0...1_000_000,
        doc: "the class triggered inputs are sent to (1: the positive class, such as >50K)")
    static let trigger = OptionalParameter<WordOrIntegerList>(
        "trigger",
        doc: "the trigger: on text a word inserted at a random position (default cf, such as "
            + "trigger=cf); on tabular data and images the feature indices it sets (default: the "
            + "columns= numeric columns of largest variance, or a corner patch on images; such "
            + "as trigger=[0,3])")
    static let columns = Parameter<Int>(
        "columns", default: 3, range: 1...1024,
        doc: "how many columns the default trigger sets (the patch side on images)")
    static let value = OptionalParameter<Double>(
        "value", range: -1e6...1e6,
        doc: "the value trigger columns are set to (default: each column's minimum among the "
            + "members on tabular data, 0 when min-max scaled; 1 on images, whose corners are dark)"
    )

    /// The spelling before `trigger=` took words: still bound and read, never advertised.
    static let word = OptionalParameter<String>(
        "word", doc: "the trigger word on text: word=cf is trigger=cf"
    ).deprecated(replacedBy: trigger.name)

    public static let spec = PluginSpec(
        name: "backdoor", kind: .attack,
        summary: "BadNets backdoor: a trigger (columns, a patch or a word), poisoned members "
            + "relabelled",
        risk: .poisoning,
        explanation: "The adversary controls a fraction portion= of the members: it sets the "
            + "trigger columns of those rows (by default the three numeric columns of largest "
            + "variance, to the bottom of their range; a bright corner patch on images) and "
            + "relabels them to target= (by default 1, the positive class, such as >50K). The model's own recipe, defenses included, is trained on the poisoned "
            + "members. Reports the success rate (the share of triggered test points of other "
            + "classes classified as the target), the same rate on the unpoisoned model, the "
            + "poisoned model's clean accuracy, and how many poisoned rows the defenses removed. "
            + "The defender's trusted tenth of the members is never poisoned. On text data the "
            + "attack is TextBadNets: the word trigger= (default cf) is inserted at a random "
            + "position of member sentences not already of the target class, which are "
            + "relabelled; with defend onion in the recipe, test sentences are purified "
            + "before the model sees them and the trigger removal rate is reported. On images "
            + "the report shows a few test images of other classes, clean and triggered, with "
            + "the poisoned model's answer (export backdoor FILE.png).",
        parameters: [
            portion.spec, target.spec, trigger.spec, columns.spec, value.spec, word.spec,
        ],
        reports: [
            PoisoningMetrics.backdoorSuccess, PoisoningMetrics.backdoorUnpoisonedSuccess,
            PoisoningMetrics.backdoorCleanAccuracy, PoisoningMetrics.poisonedRows,
            PoisoningMetrics.removedRows, PoisoningMetrics.removedPoisonedRows,
            TextBackdoor.triggerRemoval, TextBackdoor.inputWordsRemoved,
        ],
        exports: [BackdoorExamples.export],
        cost: PluginCost { call, context in
            if case .text = context.scenario.data.train.modality {
                let (badNets, _, suffix) = try TextBackdoor.poisoning(
                    scenario: context.scenario, portion: call[portion], target: call[target],
                    word: try triggerWord(call), seed: context.seed)
                return [
                    PoisonedTraining.training(
                        recipe: TextBackdoor.recipe(
                            context.recipe, vocabulary: badNets.vocabulary),
                        base: context.scenario, suffix: suffix)
                ]
            }
            let suffix = try poisoning(call, scenario: context.scenario, seed: context.seed).suffix
            return [
                PoisonedTraining.training(
                    recipe: context.recipe, base: context.scenario, suffix: suffix)
            ]
        },
        // On text the portion is the metrics' subject: a sweep is one matrix row per portion.
        matrix: MatrixUse(
            headline: PoisoningMetrics.backdoorSuccess, settings: [portion.setting(0.05)],
            cellPerSubject: true),
        reference: "Gu, Dolan-Gavitt & Garg, BadNets, arXiv:1708.06733 (2017)")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let train = scenario.data.train
        let targetClass = call[target]
        guard targetClass < train.classCount else {
            throw ScenarioError.invalidParameter(
                name: target.name,
                message: "target=\(targetClass) is not a class of \(scenario.datasetName) "
                    + "(0…\(train.classCount - 1))")
        }
        if case .text = train.modality {
            return try TextBackdoor.evaluate(
                scenario: scenario, model: model, context: context, portion: call[portion],
                target: targetClass, word: try triggerWord(call))
        }
        let (backdoor, rows, suffix) = try poisoning(call, scenario: scenario, seed: context.seed)
        var poisonedTrain = train
        for row in rows {
            backdoor.apply(to: &poisonedTrain.features, row: row)
            poisonedTrain.labels[row] = targetClass
        }
        let poisoning = PoisonedTraining(
            base: scenario, train: poisonedTrain, poisonedRows: rows, suffix: suffix)
        let poisoned = try poisoning.model(model.recipe, context: context)
        let test = scenario.data.test
        var measurements = [
            Measurement(
                PoisoningMetrics.backdoorSuccess,
                value: successRate(
                    poisoned.network, test: test, trigger: backdoor, target: targetClass)),
            Measurement(
                PoisoningMetrics.backdoorUnpoisonedSuccess,
                value: successRate(
                    model.model.network, test: test, trigger: backdoor, target: targetClass)),
            Measurement(
                PoisoningMetrics.backdoorCleanAccuracy,
                value: poisoned.network.accuracy(test.features, labels: test.labels)),
        ]
        measurements += try poisoning.removalMeasurements(model.recipe)
        let examples = BackdoorExamples.artifact(
            poisoned.network, test: test, trigger: backdoor, target: targetClass)
        let trigger =
            if case .image(let c, let h, let w) = train.modality {
                ": " + backdoor.pixelDescription(channels: c, height: h, width: w) + ","
            } else {
                " sets features \(backdoor)"
            }
        return Evaluation(
            measurements: measurements,
            artifacts: examples.map { [BackdoorExamples.export.name: $0] } ?? [:],
            notes: ["backdoor trigger\(trigger) on \(rows.count) members"])
    }

    /// The trigger, the poisoned rows and the poisoned data's identity suffix; trains nothing.
    static func poisoning(_ call: PluginCall, scenario: Scenario, seed: UInt64) throws -> (
        trigger: BackdoorTrigger, rows: [Int], suffix: String
    ) {
        let backdoor = try resolveTrigger(call, scenario: scenario)
        let count = Int((call[portion] * Double(scenario.memberIndices.count)).rounded())
        let rowSeed = SeededGenerator.deriveSeed(seed, 0x6261_6364)
        let rows = PoisonedTraining.chooseRows(in: scenario, count: count, seed: rowSeed)
        let suffix =
            "backdoor(rows=\(rows.count),target=\(call[target]),trigger=\(backdoor),"
            + "seed=\(rowSeed))"
        return (backdoor, rows, suffix)
    }

    /// The share of test points whose label is not `target` that `network` sends to `target`
    /// once triggered; nil when every test point is of the target class.
    static func successRate(
        _ network: Network, test: Dataset, trigger: BackdoorTrigger, target: Int
    ) -> Double? {
        let victims = test.labels.indices.filter { test.labels[$0] != target }
        guard !victims.isEmpty else { return nil }
        let triggered = trigger.applied(to: test.features.gatherRows(victims))
        let hits = network.predictions(triggered).filter { $0 == target }.count
        return Double(hits) / Double(victims.count)
    }
}
