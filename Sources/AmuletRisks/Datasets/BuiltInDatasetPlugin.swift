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

    /// The split; a missing or damaged raw file names the command that fetches this dataset
    /// (`scripts/fetch-data cifar10`: a plain `scripts/fetch-data` fetches only the tables) and,
    /// when missing, the size of its download.
    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        let declaration = Source.declaration
        let fetch = "\(DataFolder.fetchCommand) \(declaration.name)"
        do {
            return try Source.load(
                folder: context.folder, seed: context.seed,
                testFraction: call[DatasetParameters.test])
        } catch .missingFile(let path, _, _) {
            throw DataError.missingFile(
                path: path, fetchCommand: fetch, download: declaration.download)
        } catch .damagedFile(let path, let reason, _) {
            throw DataError.damagedFile(path: path, reason: reason, fetchCommand: fetch)
        }
    }
}
