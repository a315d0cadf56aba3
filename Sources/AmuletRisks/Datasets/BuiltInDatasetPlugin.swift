import AmuletData

/// `load NAME` for a built-in table: the Catalog entry of any `BuiltInDataset`.
///
/// Every dataset takes the common parameters (`test`, `members`) from here, so none can forget
/// them and silently train on the default member fraction.
public enum BuiltInDatasetPlugin<Source: BuiltInDataset>: DatasetPlugin {
    public static var spec: PluginSpec {
        let declaration = Source.declaration
        return PluginSpec(
            name: declaration.name, kind: .dataset, summary: declaration.summary,
            risk: .utility, explanation: declaration.explanation,
            parameters: DatasetParameters.common.map(\.spec), reference: declaration.reference)
    }

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        try Source.load(
            folder: context.folder, seed: context.seed, testFraction: call[DatasetParameters.test])
    }
}
