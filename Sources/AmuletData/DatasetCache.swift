import AmuletTensor
import Foundation

/// A memo on disk of encoded datasets: the split a loader builds (one-hot, scaled, grouped),
/// keyed by the raw files' SHA-256 and the encoding parameters.
///
/// Parsing and encoding Adult's 48,842 rows takes most of a second; reading the encoded
/// Float32 matrices back takes milliseconds. Entries share the model cache's folder
/// (`$AMULET_CACHE`) as `<key>.amuletdata`, are written to a temporary file renamed into place
/// (atomic on POSIX), and carry their key and a checksum; an entry that is short, fails its
/// checksum or holds another key is deleted and rebuilt. The key hashes the raw content, so an
/// edited raw file never reaches a stale encoding.
public struct DatasetCache: Sendable {
    /// The folder holding the entries.
    public let directory: URL
    /// Stores that failed (a full disk, a read-only folder), shared by copies of the cache so
    /// a cell can warn once that its encodings were not saved.
    public let failedWrites: CacheWriteFailures
    /// What writes an entry's bytes (a test passes one that fails like a full disk).
    let writer: CacheFile.Writer

    /// A cache in `directory` (created on first write), written with `writer`.
    public init(directory: URL, writer: @escaping CacheFile.Writer = CacheFile.plainWriter) {
        self.directory = directory
        self.failedWrites = CacheWriteFailures()
        self.writer = writer
    }

    /// The key of a dataset built from raw files with `sourceDigests` and `parameters`.
    public static func key(dataset: String, sourceDigests: [String], parameters: String) -> String {
        var hash = StableHash()
        hash.combine("amulet-data-v\(DatasetCacheFile.version)")
        hash.combine(dataset)
        for digest in sourceDigests { hash.combine(digest) }
        hash.combine(parameters)
        return hash.hex
    }

    func url(for key: String) -> URL {
        directory.appendingPathComponent(key + ".amuletdata")
    }

    /// The split stored under `key`, or nil when absent or damaged (a damaged file is removed).
    public func load(_ key: String) -> DataSplit? {
        CacheFile.read(url(for: key)) { try DatasetCacheFile.decode($0, key: key) }
    }

    /// Stores `split` under `key`, atomically.
    public func store(_ split: DataSplit, key: String) throws {
        try CacheFile.write(
            DatasetCacheFile.encode(split, key: key), to: url(for: key), writer: writer)
    }

    /// The split stored under `key`, or the one `build` makes, stored for next time.
    ///
    /// A store that fails (a full disk, a read-only folder) leaves the split correct, so it is
    /// counted in `failedWrites` for the cell's warning instead of failing the load.
    public func split(
        key: String, build: () throws(DataError) -> DataSplit
    ) throws(DataError) -> (split: DataSplit, fromCache: Bool) {
        if let cached = load(key) { return (cached, true) }
        let split = try build()
        do {
            try store(split, key: key)
        } catch {
            failedWrites.record(error, entry: key)
        }
        return (split, false)
    }
}
