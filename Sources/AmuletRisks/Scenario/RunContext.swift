import AmuletLearn
import AmuletTensor

/// What attacks and metrics get besides their parameters: models, seed, and a place for artifacts.
public struct RunContext: Sendable {
    /// Trains or recalls models (shadow models go through it too).
    public var workbench: Workbench
    /// The seed of this evaluation.
    public var seed: UInt64
    /// Number of worker threads for parallel work (shadow models).
    public var threads: Int
    /// Artifacts kept for reports and exports (ROC curves, per-example scores).
    public var artifacts: [String: Artifact] = [:]

    /// A run context.
    public init(workbench: Workbench, seed: UInt64, threads: Int) {
        self.workbench = workbench
        self.seed = seed
        self.threads = threads
    }
}

/// Something an attack or metric leaves behind besides numbers.
public enum Artifact: Sendable {
    /// An ROC curve.
    case roc(ROCCurve)
    /// Per-example values with a column header, such as membership scores.
    case table(columns: [String], rows: [[String]])
}
