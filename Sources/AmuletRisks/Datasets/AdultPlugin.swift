import AmuletData

/// `load adult`: UCI Census Income.
public enum AdultPlugin: DatasetPlugin {
    public static let spec = PluginSpec(
        name: "adult", kind: .dataset,
        summary: "UCI Census Income: predict income >50K (48,842 rows; race, sex sensitive)",
        risk: .utility,
        explanation: "The UCI Adult dataset: 1994 US census records labelled by whether income "
            + "exceeds $50K. Preprocessed as the Python Amulet does: fnlwgt dropped, categoricals "
            + "one-hot, numbers min-max scaled on the training split; race (White) and sex (Male) "
            + "are sensitive attributes kept out of the features.",
        parameters: DatasetParameters.common.map(\.spec),
        reference: "Kohavi, KDD 1996; UCI Machine Learning Repository")

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        try AdultDataset.load(
            folder: context.folder, seed: context.seed, testFraction: call[DatasetParameters.test])
    }
}
