import AmuletData

/// `load german`: Statlog German Credit.
public enum GermanCreditPlugin: DatasetPlugin {
    public static let spec = PluginSpec(
        name: "german", kind: .dataset,
        summary: "Statlog German Credit: good or bad credit risk (1,000 rows; sex, age sensitive)",
        risk: .utility,
        explanation: "Loan applicants from a German bank labelled good or bad credit risks. Sex "
            + "(from the personal-status attribute) and age over 25 are sensitive attributes.",
        parameters: DatasetParameters.common.map(\.spec),
        reference: "Hofmann, Statlog (German Credit Data), UCI 1994")

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        try GermanCreditDataset.load(
            folder: context.folder, seed: context.seed, testFraction: call[DatasetParameters.test])
    }
}
