import AmuletData
import AmuletTensor

/// `load synthetic`: generated Gaussian classes with a correlated sensitive attribute, or
/// (`modality=text`) generated sentiment sentences.
public enum SyntheticPlugin: DatasetPlugin {
    /// What the generated rows are.
    enum Modality: String, ParameterChoice {
        /// Gaussian feature vectors.
        case tabular
        /// Template sentences with a sentiment label (`SyntheticTextCorpus`).
        case text
    }

    static let modality = Parameter<Modality>(
        "modality", default: .tabular,
        doc: "tabular (Gaussian features) or text (template movie-review sentences)")
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
            + "possible accuracy is Φ(separation/2), so results can be checked against it. "
            + "With modality=text the rows are synthetic movie-review sentences built from "
            + "templates, labelled positive or negative by the sentiment words they hold (a "
            + "stand-in for SST-2, which cannot be downloaded everywhere); features= and "
            + "separation= do not apply, correlation= still sets the group attribute.",
        parameters: [modality.spec, rows.spec, features.spec, separation.spec, correlation.spec]
            + DatasetParameters.common.map(\.spec))

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        if call[modality] == .text {
            return SyntheticTextCorpus.split(
                rows: call[rows], correlation: call[correlation], seed: context.seed,
                testFraction: call[DatasetParameters.test])
        }
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
