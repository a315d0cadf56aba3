import AmuletData

/// `load csv path=… target=… sensitive=…`: the user's own table.
public enum CSVPlugin: DatasetPlugin {
    static let path = OptionalParameter<String>(
        "path", type: .path, required: true, doc: "the CSV file")
    static let target = OptionalParameter<String>(
        "target", required: true, doc: "the column to predict")
    static let sensitive = Parameter<[String]>(
        "sensitive", default: [], doc: "sensitive columns, such as [race, sex]")

    public static let spec = PluginSpec(
        name: "csv", kind: .dataset,
        summary: "your own CSV file: a header row, a target column, optional sensitive columns",
        risk: .utility,
        explanation: "Loads a comma-separated file with a header. Numeric columns are min-max "
            + "scaled and categorical ones one-hot encoded; empty fields, ?, NA and null are "
            + "missing. A column that is at least 90% numbers must be all numbers, and numbers "
            + "must be finite (no nan or inf). The target's values become the classes; each sensitive column becomes a "
            + "binary attribute kept out of the features.",
        parameters: [path.spec, target.spec, sensitive.spec] + DatasetParameters.common.map(\.spec))

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        guard let path = call[path], let target = call[target] else {
            throw ScenarioError.invalid("load csv needs path= and target=")
        }
        let token = context.cancellation
        do {
            return try CSVDataset.load(
                path: path, target: target, sensitive: call[sensitive], seed: context.seed,
                testFraction: call[DatasetParameters.test],
                isCancelled: { token?.isCancelled ?? false })
        } catch DataError.interrupted {
            throw CancellationError()
        }
    }
}
