/// The part an interpreter plays in a run split over several processes.
///
/// - `worker`: runs share `index` of `count`: the expensive commands of the units it owns
///   (unit number mod `count` == `index`) for real, recording what each produced; of every
///   other unit only what changes the session (a `train` sets the recipe without training).
///   Commands that read the whole ledger (`compare`, `assert`, `report`, `export`, `save`,
///   `show`) wait for the merge.
/// - `replay`: the merge. Runs the script again without training or attacking anything:
///   each expensive command's recorded result is put back where it was produced, and every
///   other command runs as usual, so the ledger, tables and report equal a single run's.
public enum ShardRole: Sendable {
    case worker(ShardAssignment)
    case replay(ShardMerge)
}

/// Share `index` of `count` (0-based), as in `--shard 2/8`.
public struct ShardAssignment: Sendable, Hashable, Codable, CustomStringConvertible {
    /// This share, `0..<count`.
    public var index: Int
    /// How many shares the work is split into.
    public var count: Int

    /// The most shares a run may be split into: more than any cluster array runs, and few
    /// enough that a merge lists or checks them all at once.
    public static let maximumCount = 10_000

    /// A share; nil unless `0 ≤ index < count ≤ maximumCount`.
    public init?(index: Int, count: Int) {
        guard count > 0, count <= Self.maximumCount, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`, such as `0/4`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            return nil
        }
        self.init(index: index, count: count)
    }

    /// Whether this share runs `unit`: units are dealt round-robin in the order the script
    /// reaches them, so shares differ by at most one unit.
    public func owns(_ unit: Int) -> Bool {
        unit % count == index
    }

    public var description: String { "\(index)/\(count)" }
}
