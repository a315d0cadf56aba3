import AmuletTensor
import Foundation

/// One shard's share of a sharded run, as written to `DIR/shards/`: the script it ran, the
/// settings that decide its numbers, and what each expensive command it owned produced.
///
/// The merge checks that every fragment of a run names the same script, seed and share count
/// before it combines them, so fragments of different runs are never mixed.
public struct ShardFragment: Sendable, Equatable, Codable {
    /// The fragment format; a merge refuses other versions.
    ///
    /// Format 2 added each record's artifacts.
    public static let formatVersion = 2

    /// The format this fragment was written in.
    public var version = ShardFragment.formatVersion
    /// The script's text.
    public var source: String
    /// The script's path as given (for diagnostics and its imports).
    public var file: String?
    /// The working directory the script ran in (its relative paths resolve there).
    public var workingDirectory: String
    /// The folder the share read raw dataset files from; the merge reads the same by default.
    public var dataFolder: String?
    /// The seed of the run.
    public var seed: UInt64
    /// Whether the prelude was loaded.
    public var prelude: Bool
    /// Which share this is.
    public var shard: ShardAssignment
    /// How many work units the script has (the same in every shard).
    public var unitCount: Int
    /// What each owned expensive command produced.
    public var records: [KeyedRecord]

    /// One command's record under its key.
    public struct KeyedRecord: Sendable, Equatable, Codable {
        public var key: WorkUnitKey
        public var record: WorkRecord

        public init(key: WorkUnitKey, record: WorkRecord) {
            self.key = key
            self.record = record
        }
    }

    /// A fragment.
    public init(
        source: String, file: String?, workingDirectory: String, dataFolder: String? = nil,
        seed: UInt64, prelude: Bool,
        shard: ShardAssignment, unitCount: Int, records: [KeyedRecord]
    ) {
        self.source = source
        self.file = file
        self.workingDirectory = workingDirectory
        self.dataFolder = dataFolder
        self.seed = seed
        self.prelude = prelude
        self.shard = shard
        self.unitCount = unitCount
        self.records = records
    }

    /// A fingerprint of what decides the run's numbers: script, seed, prelude, share count.
    public var runIdentity: String {
        var hash = StableHash()
        hash.combine("amulet-shard-run")
        hash.combine(source)
        hash.combine(String(seed))
        hash.combine(prelude ? "prelude" : "no-prelude")
        hash.combine(String(shard.count))
        return hash.hex
    }

    /// The file name of share `shard`: `I-of-N.json`.
    public static func fileName(_ shard: ShardAssignment) -> String {
        "\(shard.index)-of-\(shard.count).json"
    }

    /// The folder of fragments inside a run's cache folder.
    public static func folder(in directory: URL) -> URL {
        directory.appendingPathComponent("shards", isDirectory: true)
    }

    /// Writes the fragment into `DIR/shards/` atomically, so a merge never reads half of one.
    public func write(into directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let url = Self.folder(in: directory).appendingPathComponent(Self.fileName(shard))
        try CacheFile.write(encoder.encode(self), to: url)
    }

    /// Reads one fragment file.
    public static func read(_ url: URL) throws(ShardError) -> ShardFragment {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(url.path, reason: "\(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            // The version first: a fragment of another format need not decode as this one.
            let version = try decoder.decode(FormatProbe.self, from: data).version
            guard version == formatVersion else {
                throw ShardError.unreadable(
                    url.path,
                    reason: "written in fragment format \(version); this amulet "
                        + "reads format \(formatVersion)")
            }
            return try decoder.decode(ShardFragment.self, from: data)
        } catch let error as ShardError {
            throw error
        } catch {
            throw .unreadable(url.path, reason: "not a shard fragment (\(error))")
        }
    }
}

/// The one field every fragment format has: its version.
private struct FormatProbe: Decodable {
    var version: Int
}
