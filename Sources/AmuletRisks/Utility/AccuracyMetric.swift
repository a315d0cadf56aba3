/// `measure accuracy`: test accuracy of the model (and train accuracy, for the overfitting gap).
public enum AccuracyMetric: MetricPlugin {
    public static let spec = PluginSpec(
        name: "accuracy", kind: .metric,
        summary: "test accuracy, and train accuracy on the members (the generalisation gap)",
        risk: .utility,
        explanation: "The fraction of test examples the model classifies correctly. Also reports "
            + "accuracy on the training members; the difference, the generalisation gap, is what "
            + "membership inference exploits.")

    public static func measure(
        _ values: ParameterValues, model: ModelUnderTest, scenario: Scenario,
        context: inout RunContext
    ) throws -> [RiskMeasurement] {
        let network = model.model.network
        let test = network.accuracy(scenario.data.test.features, labels: scenario.data.test.labels)
        let members = scenario.members
        let train = network.accuracy(members.features, labels: members.labels)
        return [
            RiskMeasurement(risk: .utility, metric: "accuracy", value: test),
            RiskMeasurement(risk: .utility, metric: "train_accuracy", value: train),
        ]
    }
}
