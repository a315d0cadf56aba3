import Synchronization

/// A flag that long work polls to stop early; set from a signal handler or another thread.
///
/// Code below the REPL receives a token and polls it; it never reads a global.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A token that is not cancelled.
    public init() {}

    /// Requests cancellation.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Clears a previous request (the REPL reuses one token across cells).
    public func reset() { flag.store(false, ordering: .relaxed) }

    /// Whether cancellation was requested.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Throws `CancellationError` when cancellation was requested.
    public func check() throws(CancellationError) {
        if isCancelled { throw CancellationError() }
    }
}

/// Progress of long work: a stage name, units completed of a total, and a detail.
public struct ProgressUpdate: Sendable, Equatable {
    /// What is running such as "training mlp-m1".
    public var stage: String
    /// Units done.
    public var completed: Int
    /// Units in all.
    public var total: Int
    /// A short detail such as "loss 0.312".
    public var detail: String

    /// A progress update.
    public init(stage: String, completed: Int, total: Int, detail: String = "") {
        self.stage = stage
        self.completed = completed
        self.total = total
        self.detail = detail
    }
}

/// Receives progress updates; the program renders them, library code never prints.
public typealias ProgressReporter = @Sendable (ProgressUpdate) -> Void
