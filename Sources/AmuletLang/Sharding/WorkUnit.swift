/// Where one piece of expensive work (`train`, `attack`, `measure`, `tune`) sits in a script's
/// run: the work unit it belongs to and its place inside that unit.
///
/// A work unit is one iteration of a cell's outermost `for` or `repeat` loop (wherever that
/// loop sits, a def's body included), or one expensive command run outside any loop. Every
/// run of a script numbers its units the same way, since the language has no branches: a
/// sharded run, the merge that replays it and a single-process run all agree on the key of
/// every command.
public struct WorkUnitKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The unit's number in the order the script reaches it (0-based).
    public var unit: Int
    /// The command's place among the unit's expensive commands (0-based).
    public var ordinal: Int

    /// A key.
    public init(unit: Int, ordinal: Int) {
        self.unit = unit
        self.ordinal = ordinal
    }

    public static func < (lhs: WorkUnitKey, rhs: WorkUnitKey) -> Bool {
        (lhs.unit, lhs.ordinal) < (rhs.unit, rhs.ordinal)
    }

    public var description: String { "unit \(unit) step \(ordinal)" }
}

/// Numbers the work units of a run as the interpreter reaches them.
public struct WorkUnitCounter: Sendable, Equatable {
    /// The next unit's number.
    public private(set) var nextUnit = 0
    /// The unit the running outermost-loop iteration belongs to, or nil outside loops.
    public private(set) var currentUnit: Int?
    private var nextOrdinal = 0

    /// A counter at the start of a run.
    public init() {}

    /// An outermost-loop iteration starts: it is a new unit.
    public mutating func beginIteration() {
        currentUnit = nextUnit
        nextUnit += 1
        nextOrdinal = 0
    }

    /// The outermost loop ended.
    public mutating func endLoop() {
        currentUnit = nil
    }

    /// The key of the next expensive command: the next step of the running iteration, or a
    /// unit of its own outside loops.
    public mutating func nextKey() -> WorkUnitKey {
        if let unit = currentUnit {
            defer { nextOrdinal += 1 }
            return WorkUnitKey(unit: unit, ordinal: nextOrdinal)
        }
        defer { nextUnit += 1 }
        return WorkUnitKey(unit: nextUnit, ordinal: 0)
    }
}
