import Foundation

/// Why shards cannot be merged, in words a user can act on.
public enum ShardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder holds no fragments.
    case noFragments(String)
    /// A fragment file cannot be read or decoded.
    case unreadable(String, reason: String)
    /// Fragments of different runs (script, seed, prelude or share count) are mixed.
    case mixedRuns(String, String)
    /// Shares are missing.
    case missingShards([Int], count: Int)
    /// A unit's command has no record in the shard that owns it.
    case missingRecord(WorkUnitKey, shard: Int)

    public var description: String {
        switch self {
        case .noFragments(let folder):
            "no shard fragments in \(folder); run 'amulet run FILE --shard I/N --cache DIR' "
                + "for each share first"
        case .unreadable(let path, let reason):
            "cannot read the shard fragment \(path): \(reason)"
        case .mixedRuns(let first, let second):
            "\(first) and \(second) come from different runs (script, seed or share count "
                + "differ); give each run its own cache folder or delete the old shards/"
        case .missingShards(let missing, let count):
            "missing shard\(missing.count == 1 ? "" : "s") "
                + missing.map { "\($0)/\(count)" }.joined(separator: ", ")
                + "; run them (or check their logs) before merging"
        case .missingRecord(let key, let shard):
            "shard \(shard) has no result for \(key); the script changed since it ran, or "
                + "the shard stopped early: run it again"
        }
    }
}

/// The fragments of one sharded run, combined.
public struct ShardMerge: Sendable {
    /// The first share's fragment: the script and settings of the run.
    public var run: ShardFragment
    /// Every recorded command, by key.
    public var records: [WorkUnitKey: WorkRecord]

    /// Reads every fragment in `DIR/shards/` and checks that they form one whole run.
    public init(directory: URL) throws(ShardError) {
        let folder = ShardFragment.folder(in: directory)
        let names =
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        guard !names.isEmpty else { throw .noFragments(folder.path) }
        var fragments: [ShardFragment] = []
        for name in names {
            fragments.append(try ShardFragment.read(folder.appendingPathComponent(name)))
        }
        try self.init(fragments: fragments, names: names)
    }

    /// Combines fragments read elsewhere; `names` label them in errors.
    public init(fragments: [ShardFragment], names: [String]) throws(ShardError) {
        guard let first = fragments.first else { throw .noFragments("the given fragments") }
        let identity = first.runIdentity
        for (fragment, name) in zip(fragments, names) where fragment.runIdentity != identity {
            throw .mixedRuns(names[0], name)
        }
        let count = first.shard.count
        let present = Set(fragments.map(\.shard.index))
        let missing = (0..<count).filter { !present.contains($0) }
        guard missing.isEmpty else { throw .missingShards(missing, count: count) }
        var records: [WorkUnitKey: WorkRecord] = [:]
        for fragment in fragments {
            for keyed in fragment.records where fragment.shard.owns(keyed.key.unit) {
                records[keyed.key] = keyed.record
            }
        }
        self.run = fragments.min { $0.shard.index < $1.shard.index } ?? first
        self.records = records
    }
}
