import AmuletTensor
import Foundation

/// A content-addressed store of trained models on disk.
///
/// The key hashes the dataset identity, the member split and the recipe (`key(...)`), so the
/// same scenario trained twice — in one session or across runs — is trained once. Writes go to
/// a temporary file renamed into place (atomic on POSIX). Each entry records its full key inside
/// its checksummed body; an entry that fails its checksum or holds another key (a renamed or
/// swapped file) is treated as corrupt: deleted, and the caller retrains.
public struct ModelCache: Sendable {
    /// The folder holding `<key>.amuletmodel` files.
    public let directory: URL
    /// Stores that failed (a full disk, a read-only folder), shared by copies of the cache so
    /// a cell can warn once however many models it could not save.
    public let failedWrites: CacheWriteFailures
    /// What writes an entry's bytes (a test passes one that fails like a full disk).
    let writer: CacheFile.Writer

    /// A cache in `directory` (created on first write), written with `writer`.
    public init(directory: URL, writer: @escaping CacheFile.Writer = CacheFile.plainWriter) {
        self.directory = directory
        self.failedWrites = CacheWriteFailures()
        self.writer = writer
    }

    /// The default folder: `$AMULET_CACHE`, else `$XDG_CACHE_HOME/amulet`, else `~/.cache/amulet`.
    public static func defaultDirectory(environment: [String: String]) -> URL {
        if let explicit = environment["AMULET_CACHE"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("amulet")
        }
        let home = environment["HOME"] ?? NSTemporaryDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/amulet")
    }

    /// The cache key of a scenario: dataset identity, member indices and recipe identity.
    public static func key(datasetIdentity: String, memberIndices: [Int], recipe: Recipe) -> String
    {
        var hash = StableHash()
        hash.combine("amulet-model-v\(Checkpoint.version)")
        hash.combine(datasetIdentity)
        hash.combine(memberIndices)
        hash.combine(recipe.identity)
        return hash.hex
    }

    private func url(for key: String) -> URL {
        directory.appendingPathComponent(key + ".amuletmodel")
    }

    /// The model stored under `key`, or nil when absent, corrupt or stored under another key
    /// (such a file is removed).
    public func load(_ key: String) -> TrainedModel? {
        CacheFile.read(url(for: key)) { try Checkpoint.decode($0, cacheKey: key) }
    }

    /// Whether an entry for `key` exists (not whether it is intact: `load` checks that).
    public func contains(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: url(for: key).path)
    }

    /// Stores `model` under `key`, atomically.
    public func store(_ model: TrainedModel, key: String) throws {
        try CacheFile.write(
            Checkpoint.encode(model, cacheKey: key), to: url(for: key), writer: writer)
    }

    /// Returns the cached model for `key`, or trains it with `train`, stores it and returns it.
    ///
    /// A store that fails does not fail the training (the model is right, only not saved): it
    /// is counted in `failedWrites`, which the cell turns into one warning.
    public func model(
        key: String, train: () throws -> TrainedModel
    ) throws -> (model: TrainedModel, fromCache: Bool) {
        if let cached = load(key) { return (cached, true) }
        let model = try train()
        do {
            try store(model, key: key)
        } catch {
            failedWrites.record(error, entry: key)
        }
        return (model, false)
    }

    /// Number of entries and their total size in bytes.
    public func statistics() -> (entries: Int, bytes: Int) {
        let files =
            (try? FileManager.default.contentsOfDirectory(
                at: directory, includingPropertiesForKeys: [.fileSizeKey])) ?? []
        var entries = 0
        var bytes = 0
        for file in files where file.pathExtension == "amuletmodel" {
            entries += 1
            bytes += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) ?? 0
        }
        return (entries, bytes)
    }

    /// Deletes every entry.
    public func clear() throws {
        let files =
            (try? FileManager.default.contentsOfDirectory(
                at: directory, includingPropertiesForKeys: nil)) ?? []
        for file in files where file.pathExtension == "amuletmodel" {
            try FileManager.default.removeItem(at: file)
        }
    }
}
