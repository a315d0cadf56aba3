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
/// estimate, and says so where it is shown.
public enum TrainingThroughput {
    /// The measured throughput; the first use pays about a tenth of a second.
    public static let measured: Double = measure()

    /// Times the probe training and returns multiply-accumulates a second.
    static func measure() -> Double {
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
        guard (try? Trainer().train(probe.recipe, on: set)) != nil else { return 0 }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return probe.multiplyAccumulates(inputWidth: width, classes: 2) / max(seconds, 1e-6)
    }
}
