import AmuletLearn
import AmuletRisks
import AmuletTensor
import Dispatch

/// This machine's training speed in multiply-accumulates a second, measured once per process.
///
/// A tiny real training (an m1-shaped MLP on 2,048 seeded random rows of 94 features, two
/// epochs) is timed with the one Trainer, so the figure includes what a real training pays
/// besides the matrix products (activations, the optimizer, batching). A plan divides its
/// models' multiply-accumulates (`ModelTraining.multiplyAccumulates`) by it; the result is an
/// estimate, and says so where it is shown. A probe that fails gives no figure at all (never
/// 0, which would estimate every plan at 0 s), and the cell says why.
public enum TrainingThroughput {
    /// Why the probe gave no figure.
    public struct Failure: Error, Sendable, Equatable {
        /// What went wrong, for the cell's warning.
        public var reason: String

        /// A failure with `reason`.
        public init(reason: String) {
            self.reason = reason
        }
    }

    /// The measured throughput; the first use pays about a tenth of a second.
    public static let measured: Result<Double, Failure> = measure()

    /// Times the probe training with `train` and returns multiply-accumulates a second.
    ///
    /// - Parameter train: The training to time (the real `Trainer` unless a test replaces it).
    /// - Returns: Multiply-accumulates a second, or why there is no figure.
    static func measure(
        train: (Recipe, TrainingSet) throws -> Void = { _ = try Trainer().train($0, on: $1) }
    ) -> Result<Double, Failure> {
        let probe = ModelTraining(
            purpose: "probe",
            recipe: Recipe(
                architecture: .mlp(hidden: [128, 256, 128], batchNorm: false, dropout: 0),
                epochs: 2, batchSize: 256, seed: 1),
            rows: 2048, key: nil)
        let width = 94
        var rng = SeededGenerator(seed: 0x7468_726F)
        var storage = [Float](repeating: 0, count: probe.rows * width)
        for i in storage.indices { storage[i] = rng.uniformFloat() }
        let labels = (0..<probe.rows).map { $0 % 2 }
        let set = TrainingSet(
            features: Matrix(rows: probe.rows, cols: width, storage: storage), labels: labels,
            classCount: 2)
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            try train(probe.recipe, set)
        } catch {
            return .failure(Failure(reason: "the probe training failed: \(error)"))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rate = probe.multiplyAccumulates(inputWidth: width, classes: 2) / max(seconds, 1e-6)
        guard rate.isFinite, rate > 0 else {
            return .failure(Failure(reason: "the probe measured no speed (\(rate))"))
        }
        return .success(rate)
    }
}
