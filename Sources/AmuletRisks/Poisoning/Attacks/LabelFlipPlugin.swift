import AmuletData
import AmuletLearn
import AmuletTensor

/// `attack labelflip portion=0.1`: flips the labels of a fraction of the members.
///
/// A seeded `portion` of the members (never the defender's trusted rows) gets another label:
/// 1 − y for two classes, otherwise y + 1 + r (mod C) with r uniform in 0…C−2. The role's recipe,
/// defenses included, is trained on them; the drop is acc(clean model) − acc(flipped model) on
/// the test split. Symmetric flips below one half leave the Bayes classifier unchanged, so the
/// drop measures how much the noise costs a finite model, and how much a defense wins back.
///
/// Reference: Biggio, Nelson & Laskov, "Support Vector Machines Under Adversarial Label Noise",
/// ACML 2011; Xiao, Xiao & Eckert, "Adversarial Label Flips Attack on Support Vector Machines",
/// ECAI 2012.
public enum LabelFlipPlugin: EvaluationPlugin {
    static let portion = Parameter<Double>(
        "portion", default: 0.1, range: 0...1, doc: "fraction of the members whose label flips")

    public static let spec = PluginSpec(
        name: "labelflip", kind: .attack,
        summary: "label flipping: a fraction of the members gets a wrong label",
        risk: .poisoning,
        explanation: "The adversary flips the labels of a fraction portion= of the members (to "
            + "the other class, or a random other class when there are more). The model's own "
            + "recipe, defenses included, is trained on them. Reports the flipped model's test "
            + "accuracy, its drop from the model trained on clean labels, and how many flipped "
            + "rows the defenses removed. The defender's trusted tenth of the members is never "
            + "flipped.",
        parameters: [portion.spec],
        reports: [
            PoisoningMetrics.labelFlipAccuracy, PoisoningMetrics.labelFlipDrop,
            PoisoningMetrics.poisonedRows, PoisoningMetrics.removedRows,
            PoisoningMetrics.removedPoisonedRows,
        ],
        cost: PluginCost { call, context in
            let (rows, seed) = flippedRows(call, scenario: context.scenario, seed: context.seed)
            return [
                PoisonedTraining.training(
                    recipe: context.recipe, base: context.scenario,
                    suffix: suffix(rows: rows, seed: seed))
            ]
        },
        reference: "Biggio, Nelson & Laskov, ACML 2011; Xiao, Xiao & Eckert, ECAI 2012")

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let train = scenario.data.train
        let classes = train.classCount
        guard classes >= 2 else {
            throw ScenarioError.unsupported("label flipping needs at least two classes")
        }
        let (rows, seed) = flippedRows(call, scenario: scenario, seed: context.seed)
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 1))
        var flipped = train
        for row in rows {
            let y = flipped.labels[row]
            flipped.labels[row] =
                classes == 2 ? 1 - y : (y + 1 + rng.integer(below: classes - 1)) % classes
        }
        let poisoning = PoisonedTraining(
            base: scenario, train: flipped, poisonedRows: rows,
            suffix: suffix(rows: rows, seed: seed))
        let poisoned = try poisoning.model(model.recipe, context: context)
        let test = scenario.data.test
        let accuracy = poisoned.network.accuracy(test.features, labels: test.labels)
        let clean = model.model.network.accuracy(test.features, labels: test.labels)
        var measurements = [
            Measurement(PoisoningMetrics.labelFlipAccuracy, value: accuracy),
            Measurement(PoisoningMetrics.labelFlipDrop, value: clean - accuracy),
        ]
        measurements += try poisoning.removalMeasurements(model.recipe)
        return Evaluation(measurements: measurements)
    }

    /// The members to flip and the seed they were drawn with.
    static func flippedRows(_ call: PluginCall, scenario: Scenario, seed: UInt64) -> (
        rows: [Int], seed: UInt64
    ) {
        let count = Int((call[portion] * Double(scenario.memberIndices.count)).rounded())
        let rowSeed = SeededGenerator.deriveSeed(seed, 0x666C_6970)
        return (PoisonedTraining.chooseRows(in: scenario, count: count, seed: rowSeed), rowSeed)
    }

    /// The poisoned data's identity suffix.
    static func suffix(rows: [Int], seed: UInt64) -> String {
        "labelflip(rows=\(rows.count),seed=\(seed))"
    }
}
