import AmuletData

/// `load csv path=… target=… sensitive=…`: the user's own table.
public enum CSVPlugin: DatasetPlugin {
    public static let spec = PluginSpec(
        name: "csv", kind: .dataset,
        summary: "your own CSV file: a header row, a target column, optional sensitive columns",
        risk: .utility,
        explanation: "Loads a comma-separated file with a header. Numeric columns are min-max "
            + "scaled and categorical ones one-hot encoded; empty fields, ?, NA and null are "
            + "missing. A column that is at least 90% numbers must be all numbers, and numbers "
            + "must be finite (no nan or inf). The target's values become the classes; each sensitive column becomes a "
            + "binary attribute kept out of the features.",
        parameters: [
            ParameterSpec("path", .path, required: true, doc: "the CSV file"),
            ParameterSpec("target", .text, required: true, doc: "the column to predict"),
            ParameterSpec(
                "sensitive", .textList, default: .list([]),
                doc: "sensitive columns, such as [race, sex]"),
        ] + DatasetParameters.common)

    public static func load(_ values: ParameterValues, context: DataContext) throws -> DataSplit {
        try CSVDataset.load(
            path: values.text("path") ?? "", target: values.text("target") ?? "",
            sensitive: values.texts("sensitive"), seed: context.seed,
            testFraction: values.number("test"))
    }
}
