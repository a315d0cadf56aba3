import Glibc

/// A request that cannot fit in this machine's memory, refused before anything is allocated.
///
/// Swift traps (SIGABRT) when an allocation fails, so a session would die with "failed to
/// allocate N bytes" instead of an error; estimating first turns that into a message.
public enum ResourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The estimate `neededBytes` exceeds `availableBytes` (the machine's physical memory).
    /// `parameter` names the plug-in parameter most responsible (`rows`, `features`, `hidden`,
    /// `batch`, `path`), so the language can point at that argument; nil when none is.
    case insufficientMemory(neededBytes: Int, availableBytes: Int, parameter: String?)

    /// A message a user can act on, such as `needs 400.0 GB; this machine has 23.4 GB`.
    public var description: String {
        switch self {
        case .insufficientMemory(let needed, let available, let parameter):
            let amount =
                needed == Int.max
                ? "more than \(MemoryBudget.gigabytes(Int.max))" : MemoryBudget.gigabytes(needed)
            let hint = parameter.map { "; lower \($0)" } ?? ""
            return "needs \(amount); this machine has \(MemoryBudget.gigabytes(available))\(hint)"
        }
    }
}

/// How much memory work may plan to use, and overflow-safe arithmetic to estimate it.
///
/// The budget is the machine's physical memory, sysconf(_SC_PHYS_PAGES) × sysconf(_SC_PAGESIZE).
/// Not `MemAvailable`: that changes from moment to moment, so the same script would pass or
/// fail by chance; the aim is to refuse what can never fit, not to manage swap. Estimates
/// saturate at `Int.max` instead of trapping, so absurd sizes are refused, not crashed on.
public struct MemoryBudget: Sendable, Equatable {
    /// Bytes work may use.
    public var availableBytes: Int

    /// A budget of `availableBytes` (tests use small ones).
    public init(availableBytes: Int) {
        self.availableBytes = availableBytes
    }

    /// The machine's physical memory (8 GB when the OS does not say).
    public static func physical() -> MemoryBudget {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return MemoryBudget(availableBytes: 8_000_000_000) }
        return MemoryBudget(availableBytes: product(pages, pageSize))
    }

    /// Throws `ResourceError.insufficientMemory` when `neededBytes` exceeds the budget.
    public func check(neededBytes: Int, parameter: String?) throws(ResourceError) {
        guard neededBytes <= availableBytes else {
            throw .insufficientMemory(
                neededBytes: neededBytes, availableBytes: availableBytes, parameter: parameter)
        }
    }

    /// The product of non-negative `factors`, or `Int.max` when it overflows.
    public static func product(_ factors: Int...) -> Int {
        var result = 1
        for factor in factors {
            let (value, overflow) = result.multipliedReportingOverflow(by: max(factor, 0))
            if overflow { return Int.max }
            result = value
        }
        return result
    }

    /// The sum of non-negative `terms`, or `Int.max` when it overflows.
    public static func sum(_ terms: Int...) -> Int {
        var result = 0
        for term in terms {
            let (value, overflow) = result.addingReportingOverflow(max(term, 0))
            if overflow { return Int.max }
            result = value
        }
        return result
    }

    /// Bytes as decimal gigabytes with one decimal, such as `23.4 GB`.
    public static func gigabytes(_ bytes: Int) -> String {
        let tenths = (Double(bytes) / 1e8).rounded()
        let whole = tenths / 10
        return "\(Int(whole.rounded(.down))).\(Int(tenths.truncatingRemainder(dividingBy: 10))) GB"
    }
}
