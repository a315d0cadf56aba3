import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Which writes to an on-disk cache failed, and why the latest did.
///
/// Shared by every copy of a cache (a class behind a lock), so the interpreter can note the
/// count before a cell and after it warn once in that cell's output however many stores
/// failed — a LiRA run on a full disk fails seventeen stores, and says so once. Entries are
/// kept by key, so one entry that failed twice (the plan's walk loads a dataset, then the run
/// loads it again) counts once.
public final class CacheWriteFailures: Sendable {
    private let state = Mutex<(entries: [String], latest: String?)>(([], nil))

    /// No failures yet.
    public init() {}

    /// Records that storing `entry` (its key) failed with `error`.
    public func record(_ error: any Error, entry: String) {
        let reason = Self.reason(error)
        state.withLock { state in
            state.entries.append(entry)
            state.latest = reason
        }
    }

    /// Failed writes so far.
    public var count: Int { state.withLock { $0.entries.count } }

    /// How many different entries failed in the writes after the first `count`.
    public func distinctEntries(since count: Int) -> Int {
        state.withLock { Set($0.entries.dropFirst(count)).count }
    }

    /// Why `error` happened, in words: Foundation's file errors on Linux describe themselves
    /// as "NSCocoaErrorDomain error 512", so the system's message for the underlying errno
    /// (such as "Not a directory", "No space left on device") is used when there is one.
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(truncatingIfNeeded: underlying.code)))
        }
        return error.localizedDescription
    }

    /// The latest failure's reason, if any.
    public var latestReason: String? { state.withLock { $0.latest } }
}
