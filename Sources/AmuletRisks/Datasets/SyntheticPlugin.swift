import AmuletData
import AmuletTensor

/// `load synthetic`: generated Gaussian classes with a correlated sensitive attribute.
public enum SyntheticPlugin: DatasetPlugin {
    public static let spec = PluginSpec(
        name: "synthetic", kind: .dataset,
        summary: "generated two-class Gaussian data with a sensitive attribute (for demos, tests)",
        risk: .utility,
        explanation: "Two Gaussian classes separated along a random direction, and a sensitive "
            + "attribute 'group' that agrees with the label with a chosen correlation. The best "
            + "possible accuracy is Φ(separation/2), so results can be checked against it.",
        parameters: [
            ParameterSpec(
                "rows", .integer, default: .number(2000), range: 4...5_000_000,
                doc: "number of rows"),
            ParameterSpec(
                "features", .integer, default: .number(10), range: 1...10_000,
                doc: "number of features"),
            ParameterSpec(
                "separation", .number, default: .number(2), range: 0...100,
                doc: "distance between the class means in standard deviations"),
            ParameterSpec(
                "correlation", .number, default: .number(0.5), range: 0...1,
                doc: "probability that the sensitive attribute copies the label"),
        ] + DatasetParameters.common)

    public static func load(_ values: ParameterValues, context: DataContext) throws -> DataSplit {
        let estimate = SyntheticDataset.memoryEstimate(
            rows: values.integer("rows"), features: values.integer("features"))
        try MemoryBudget.physical().check(
            neededBytes: estimate.bytes, parameter: estimate.parameter)
        return try SyntheticDataset.make(
            rows: values.integer("rows"), features: values.integer("features"),
            separation: values.number("separation"), correlation: values.number("correlation"),
            seed: context.seed, testFraction: values.number("test"))
    }
}
