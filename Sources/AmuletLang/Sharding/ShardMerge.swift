import Foundation

/// Why shards cannot be merged, in words a user can act on.
public enum ShardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder holds no fragments.
    case noFragments(String)
    /// A fragment file cannot be read or decoded.
    case unreadable(String, reason: String)
    /// Fragments of different runs are mixed: the two files and what differs.
    case mixedRuns(String, String, difference: String)
    /// Shares are missing.
    case missingShards([Int], count: Int)
    /// One share's fragment appears in two files.
    case duplicateShare(String, String, share: String)
    /// A fragment's content no longer matches its checksum (edited after it was written).
    case edited(String)
    /// A fragment names a share count or index outside what a run can have.
    case badShare(String, share: String)
    /// The merge read different content than the shares did.
    case changedSince(String)
    /// A unit's command has no record in the shard that owns it.
    case missingRecord(WorkUnitKey, shard: Int)

    public var description: String {
        switch self {
        case .noFragments(let folder):
            "no shard fragments in \(folder); run 'amulet run FILE --shard I/N --cache DIR' "
                + "for each share first"
        case .unreadable(let path, let reason):
            "cannot read the shard fragment \(path): \(reason)"
        case .mixedRuns(let first, let second, let difference):
            "\(first) and \(second) come from different runs (\(difference)); give each run "
                + "its own cache folder or delete the old shards/"
        case .missingShards(let missing, let count):
            "missing shard\(missing.count == 1 ? "" : "s") "
                + ShardError.ranges(missing).joined(separator: ", ") + " of \(count)"
                + "; run them (or check their logs) before merging"
        case .duplicateShare(let first, let second, let share):
            "share \(share) appears twice, in \(first) and \(second); keep one"
        case .edited(let path):
            "the shard fragment \(path) was changed after it was written (its checksum does "
                + "not match); run that share again"
        case .badShare(let path, let share):
            "the shard fragment \(path) names share \(share), outside 0 ≤ I < N ≤ "
                + "\(ShardAssignment.maximumCount)"
        case .changedSince(let difference):
            "the files the shares read have changed since they ran (\(difference)); run "
                + "the shares again"
        case .missingRecord(let key, let shard):
            "shard \(shard) has no result for \(key); the script changed since it ran, or "
                + "the shard stopped early: run it again"
        }
    }
}

extension ShardError {
    /// Sorted share numbers as ranges: `[1, 2, 3, 7]` → `1–3`, `7`, so a million missing
    /// shares read as one line.
    static func ranges(_ numbers: [Int]) -> [String] {
        var parts: [String] = []
        var index = 0
        let sorted = numbers.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(
                end == index ? "\(sorted[index])" : "\(sorted[index])–\(sorted[end])")
            index = end + 1
        }
        return parts
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
        let listing: [String]
        if FileManager.default.fileExists(atPath: folder.path) {
            do {
                listing = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            } catch {
                throw .unreadable(folder.path, reason: error.localizedDescription)
            }
        } else {
            listing = []
        }
        let names = listing.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
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
        for (fragment, name) in zip(fragments, names) {
            let share = fragment.shard
            guard share.count >= 1, share.count <= ShardAssignment.maximumCount,
                share.index >= 0, share.index < share.count
            else { throw .badShare(name, share: "\(share.index)/\(share.count)") }
            if let difference = first.difference(from: fragment) {
                throw .mixedRuns(names[0], name, difference: difference)
            }
        }
        let count = first.shard.count
        var seen: [Int: String] = [:]
        for (fragment, name) in zip(fragments, names) {
            if let earlier = seen[fragment.shard.index] {
                throw .duplicateShare(earlier, name, share: fragment.shard.description)
            }
            seen[fragment.shard.index] = name
        }
        let missing = (0..<count).filter { seen[$0] == nil }
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
