import AmuletData
import AmuletLearn
import AmuletTensor

/// The one warning a cell gives when the cache could not be written.
///
/// A store that fails (a full disk, a read-only folder) does not fail the cell: the model or
/// encoded dataset it computed is right, only not saved. Staying silent, though, hides that a
/// sharded run's shares will each train again what they meant to share. So the cell notes the
/// failure counts of the model cache and the dataset cache when it starts, and after it runs
/// says once — however many stores failed — what was not saved, where and why.
struct CacheWriteWarning {
    let models: (failures: CacheWriteFailures, count: Int)?
    let datasets: (failures: CacheWriteFailures, count: Int)?
    let folder: String?

    /// The counts before a cell runs.
    init(_ interpreter: Interpreter) {
        let modelCache = interpreter.environment.workbench.cache
        let datasetCache = interpreter.session.settings.dataFolder.cache
        models = modelCache.map { ($0.failedWrites, $0.failedWrites.count) }
        datasets = datasetCache.map { ($0.failedWrites, $0.failedWrites.count) }
        folder = (modelCache?.directory ?? datasetCache?.directory)?.path
    }

    /// The warning for the stores that failed since `init`, or nil when none did.
    func warning() -> String? {
        let newModels = models.map { $0.failures.distinctEntries(since: $0.count) } ?? 0
        let newDatasets = datasets.map { $0.failures.distinctEntries(since: $0.count) } ?? 0
        guard newModels > 0 || newDatasets > 0 else { return nil }
        var lost: [String] = []
        if newModels > 0 {
            lost.append("\(newModels) trained model\(newModels == 1 ? "" : "s")")
        }
        if newDatasets > 0 {
            lost.append("\(newDatasets) encoded dataset\(newDatasets == 1 ? "" : "s")")
        }
        let reason =
            (newModels > 0 ? models?.failures.latestReason : datasets?.failures.latestReason)
            ?? "unknown reason"
        let place = folder.map { " " + OutputPath.shown($0) } ?? ""
        return "the cache\(place) could not be written (\(OutputPath.shown(reason))): "
            + lost.joined(separator: " and ") + " not saved; the results stand, but they "
            + "will be computed again next time"
    }
}
