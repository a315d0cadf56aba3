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

    /// A cache in `directory` (created on first write).
    public init(directory: URL) {
        self.directory = directory
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
        try CacheFile.write(DatasetCacheFile.encode(split, key: key), to: url(for: key))
    }

    /// The split stored under `key`, or the one `build` makes, stored (best effort) for next time.
    public func split(
        key: String, build: () throws(DataError) -> DataSplit
    ) throws(DataError) -> (split: DataSplit, fromCache: Bool) {
        if let cached = load(key) { return (cached, true) }
        let split = try build()
        try? store(split, key: key)
        return (split, false)
    }
}
