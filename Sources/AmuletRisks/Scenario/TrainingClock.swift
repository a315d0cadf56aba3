import Foundation
import Synchronization

/// Records when each model a workbench trains starts and ends, for cost accounting.
///
/// Models found in memory or in the cache are not recorded. Shared by every copy of the
/// workbench that carries it, and safe to use from concurrent training (shadow models).
/// `totalSeconds` sums the trainings; `busySeconds` is the length of the union of their
/// intervals, the wall time during which at least one model was training.
public final class TrainingClock: Sendable {
    private let intervals = Mutex<[(start: UInt64, end: UInt64)]>([])

    /// An empty clock.
    public init() {}

    /// Times `work` as one training.
    public func time<Result>(_ work: () throws -> Result) rethrows -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let end = DispatchTime.now().uptimeNanoseconds
            intervals.withLock { $0.append((start, end)) }
        }
        return try work()
    }

    /// How many trainings were recorded.
    public var count: Int { intervals.withLock { $0.count } }

    /// The sum of every training's duration, in seconds.
    public var totalSeconds: Double {
        intervals.withLock { list in
            list.reduce(0) { $0 + Double($1.end - $1.start) } / 1e9
        }
    }

    /// The length of the union of the trainings' intervals, in seconds.
    public var busySeconds: Double {
        let sorted = intervals.withLock { $0 }.sorted { $0.start < $1.start }
        var total: UInt64 = 0
        var current: (start: UInt64, end: UInt64)?
        for interval in sorted {
            if let open = current, interval.start <= open.end {
                current = (open.start, max(open.end, interval.end))
            } else {
                if let open = current { total += open.end - open.start }
                current = interval
            }
        }
        if let open = current { total += open.end - open.start }
        return Double(total) / 1e9
    }
}

extension Optional where Wrapped == TrainingClock {
    /// Times `work` as one training when there is a clock; runs it untimed otherwise.
    public func time<Result>(_ work: () throws -> Result) rethrows -> Result {
        guard let clock = self else { return try work() }
        return try clock.time(work)
    }
}
