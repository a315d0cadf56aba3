import AmuletLearn
import AmuletTensor

/// What attacks and metrics get besides their parameters: models, seed and threads.
public struct RunContext: Sendable {
    /// Trains or recalls models (shadow models go through it too).
    public var workbench: Workbench
    /// The seed of this evaluation.
    public var seed: UInt64
    /// Number of worker threads for parallel work (shadow models).
    public var threads: Int

    /// A run context.
    public init(workbench: Workbench, seed: UInt64, threads: Int) {
        self.workbench = workbench
        self.seed = seed
        self.threads = threads
    }
}
