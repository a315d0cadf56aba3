import AmuletData
import AmuletTensor

/// `load synthetic`: generated Gaussian classes with a correlated sensitive attribute.
public enum SyntheticPlugin: DatasetPlugin {
    static let rows = Parameter<Int>(
        "rows", default: 2000, range: 4...5_000_000, doc: "number of rows")
    static let features = Parameter<Int>(
        "features", default: 10, range: 1...10_000, doc: "number of features")
    static let separation = Parameter<Double>(
        "separation", default: 2, range: 0...100,
        doc: "distance between the class means in standard deviations")
    static let correlation = Parameter<Double>(
        "correlation", default: 0.5, range: 0...1,
        doc: "probability that the sensitive attribute copies the label")

    public static let spec = PluginSpec(
        name: "synthetic", kind: .dataset,
        summary: "generated two-class Gaussian data with a sensitive attribute (for demos, tests)",
        risk: .utility,
        explanation: "Two Gaussian classes separated along a random direction, and a sensitive "
            + "attribute 'group' that agrees with the label with a chosen correlation. The best "
            + "possible accuracy is Φ(separation/2), so results can be checked against it.",
        parameters: [rows.spec, features.spec, separation.spec, correlation.spec]
            + DatasetParameters.common.map(\.spec))

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        let estimate = SyntheticDataset.memoryEstimate(rows: call[rows], features: call[features])
        try MemoryBudget.physical().check(
            neededBytes: estimate.bytes, parameter: estimate.parameter)
        let token = context.cancellation
        do {
            return try SyntheticDataset.make(
                rows: call[rows], features: call[features], separation: call[separation],
                correlation: call[correlation], seed: context.seed,
                testFraction: call[DatasetParameters.test],
                isCancelled: { token?.isCancelled ?? false })
        } catch .interrupted {
            throw CancellationError()
        }
    }
}
