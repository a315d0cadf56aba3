import AmuletTensor

/// `measure accuracy`: test accuracy of the model (and train accuracy, for the overfitting gap).
public enum AccuracyMetric: EvaluationPlugin {
    /// Accuracy on the test split.
    public static let testAccuracy = MetricID(
        "accuracy", risk: .utility, unit: .ratio, direction: .higherIsBetter,
        scope: .headline, doc: "fraction of test examples classified correctly")
    /// Accuracy on the training members.
    public static let trainAccuracy = MetricID(
        "train_accuracy", risk: .utility, unit: .ratio, direction: .neutral,
        doc:
            "fraction of the training members classified correctly (minus test: the gap MIA exploits)"
    )

    public static let spec = PluginSpec(
        name: "accuracy", kind: .metric,
        summary: "test accuracy, and train accuracy on the members (the generalisation gap)",
        risk: .utility,
        explanation: "The fraction of test examples the model classifies correctly. Also reports "
            + "accuracy on the training members; the difference, the generalisation gap, is what "
            + "membership inference exploits.",
        reports: [testAccuracy, trainAccuracy],
        exports: [
            ExportSpec(
                "predictions",
                doc: "per test example: label, sensitive attributes, each model's prediction and "
                    + "class probabilities",
                computedOnDemand: true)
        ],
        cost: .noTraining, matrix: MatrixUse(headline: testAccuracy))

    public static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let network = model.model.network
        let test = network.accuracy(scenario.data.test.features, labels: scenario.data.test.labels)
        let members = scenario.members
        let train = network.accuracy(members.features, labels: members.labels)
        return Evaluation(measurements: [
            Measurement(testAccuracy, value: test), Measurement(trainAccuracy, value: train),
        ])
    }

    /// Per test example: index, label and sensitive attributes; the model's prediction and
    /// class probabilities.
    public static func export(_ name: String, model: ModelUnderTest, scenario: Scenario) throws
        -> Artifact?
    {
        guard name == "predictions" else { return nil }
        let test = scenario.data.test
        let probabilities = model.model.network.probabilities(test.features)
        let predictions = probabilities.argmaxRows()
        let keys = (0..<test.count).map { i in
            ["\(i)", "\(test.labels[i])"] + test.sensitive.map { "\($0.values[i])" }
        }
        let values = (0..<test.count).map { i in
            ["\(predictions[i])"] + probabilities.row(i).map { "\($0)" }
        }
        return .perExample(
            ExampleTable(
                keyColumns: ["index", "label"] + test.sensitive.map(\.name), keys: keys,
                valueColumns: ["prediction"] + test.classNames.indices.map { "p\($0)" },
                values: values))
    }
}
