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
    /// Format 2 added each record's artifacts; format 3 what the run depended on (imported
    /// files' and data files' content, the program) and the fragment's own checksum.
    public static let formatVersion = 3

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
    /// What the run read besides the script, in order: each imported file's SHA-256 and each
    /// loaded dataset's identity (which holds its files' content hashes).
    public var dependencies: [String] = []
    /// The program that ran the share (a digest of its executable; empty when unknown).
    public var programVersion: String = ""

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
        shard: ShardAssignment, unitCount: Int, records: [KeyedRecord],
        dependencies: [String] = [], programVersion: String = ""
    ) {
        self.dependencies = dependencies
        self.programVersion = programVersion
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

    /// A fingerprint of what decides the run's numbers: script, seed, prelude, share count,
    /// what the run read and the program.
    public var runIdentity: String {
        var hash = StableHash()
        hash.combine("amulet-shard-run")
        hash.combine(source)
        hash.combine(String(seed))
        hash.combine(prelude ? "prelude" : "no-prelude")
        hash.combine(String(shard.count))
        for dependency in dependencies { hash.combine(dependency) }
        hash.combine(programVersion)
        return hash.hex
    }

    /// What differs between this fragment's run and `other`'s, in words; nil when they are
    /// shares of one run.
    public func difference(from other: ShardFragment) -> String? {
        if source != other.source { return "the script differs" }
        if seed != other.seed { return "seed \(seed) vs \(other.seed)" }
        if prelude != other.prelude { return "one ran with the prelude, the other without" }
        if shard.count != other.shard.count {
            return "split into \(shard.count) vs \(other.shard.count) shares"
        }
        if programVersion != other.programVersion {
            return "they ran different amulet programs"
        }
        if dependencies != other.dependencies {
            for (mine, theirs) in zip(dependencies, other.dependencies) where mine != theirs {
                return "they read different content: \(Self.shown(mine)) vs \(Self.shown(theirs))"
            }
            return "they read different files (\(dependencies.count) vs "
                + "\(other.dependencies.count) imports and datasets)"
        }
        return nil
    }

    /// A dependency entry shortened for a message (hashes cut to 12 digits).
    static func shown(_ dependency: String) -> String {
        let parts = dependency.split(separator: "|").map { part -> String in
            guard let equals = part.firstIndex(of: "=") else { return String(part) }
            let value = part[part.index(after: equals)...]
            if value.count > 16 && value.allSatisfy(\.isHexDigit) {
                return String(part[...equals]) + value.prefix(12) + "…"
            }
            return String(part)
        }
        return "'" + parts.prefix(4).joined(separator: "|") + "'"
    }

    /// The SHA-256 of the fragment's canonical JSON without its checksum.
    ///
    /// Written into the file and recomputed on reading: a fragment edited by hand (a number
    /// changed) no longer matches and is refused instead of showing up in the merged table.
    func checksum() -> String {
        guard let data = try? Self.encoder().encode(self) else { return "" }
        return data.withUnsafeBytes { SHA256.hex(of: $0) }
    }

    /// The encoder fragments are written with: sorted keys, non-finite numbers as strings.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
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
    ///
    /// A failed write leaves no temporary file. `writer` is for tests that fail part way.
    public func write(into directory: URL, writer: CacheFile.Writer = CacheFile.plainWriter)
        throws
    {
        let url = Self.folder(in: directory).appendingPathComponent(Self.fileName(shard))
        let sealed = SealedFragment(fragment: self, checksum: checksum(), version: version)
        try CacheFile.write(Self.encoder().encode(sealed), to: url, writer: writer)
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
            let sealed = try decoder.decode(SealedFragment.self, from: data)
            guard sealed.fragment.checksum() == sealed.checksum else {
                throw ShardError.edited(url.path)
            }
            return sealed.fragment
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

/// A fragment as stored: its fields, its version, and the checksum of its canonical JSON.
private struct SealedFragment: Codable {
    var fragment: ShardFragment
    var checksum: String
    /// The fragment's format (its own `version`), read before anything else.
    var version: Int
}
