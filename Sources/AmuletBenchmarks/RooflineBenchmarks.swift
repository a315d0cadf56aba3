import AmuletData
import AmuletLearn
import AmuletTensor
import Foundation
import Synchronization

/// Training against the machine's limit: m1 on adult at several batch sizes as fractions of the
/// sgemm peak, system over user time, and time per row on synthetic data of growing size.
///
/// Every ratio is measured in this run against the sgemm peak of this run (issue 12). FLOPs
/// count 6 per dense weight per training sample (2 forward, 4 backward), as `train` does,
/// although the trainer skips the first layer's input gradient.
enum RooflineBenchmarks {
    /// One training configuration of m1 on adult's training split.
    struct Case {
        var name: String
        var batch: Int
        var batchNorm: Bool
        var target: Double
    }

    /// The acceptance floors as fractions of the sgemm peak.
    static let cases = [
        Case(name: "b256", batch: 256, batchNorm: false, target: 0.60),
        Case(name: "b256_bn", batch: 256, batchNorm: true, target: 0.50),
        Case(name: "b128", batch: 128, batchNorm: false, target: 0.45),
        Case(name: "b64", batch: 64, batchNorm: false, target: 0.30),
    ]

    /// User and system CPU seconds of this process so far (`getrusage`).
    static func cpuSeconds() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return (user, system)
    }

    /// Fraction of the sgemm peak per case (best of four 3-epoch runs after a warm-up epoch,
    /// in rounds over the cases), the batch-norm overhead, and the system/user time ratio over
    /// all of them.
    static func epochs(runner: BenchmarkRunner, sgemmGFLOPS: Double) throws -> [String: Any] {
        let split = try AdultDataset.load(folder: runner.dataFolder, seed: 0)
        let set = TrainingSet(
            features: split.train.features, labels: split.train.labels, classCount: 2)
        let hidden = Architecture.capacities["m1"] ?? [128, 256, 128]
        let widths = [set.features.cols] + hidden + [2]
        let weights = zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        let flopsPerEpoch = 6.0 * Double(weights) * Double(set.count)
        var result: [String: Any] = ["bench": "roofline", "model": "mlp-m1", "dataset": "adult"]
        var perEpoch: [String: Double] = [:]
        // The peak is re-measured after every round and the best of the run kept: a peak
        // measured in a noisy moment would flatter every fraction.
        var peak = sgemmGFLOPS
        let cpuPeak = sgemmPerCPUSecond()
        result["sgemm_gflop_per_cpu_second"] = cpuPeak / 1e9
        let before = cpuSeconds()
        let recipes = cases.map { item in
            Recipe(
                architecture: .mlp(hidden: hidden, batchNorm: item.batchNorm, dropout: 0),
                epochs: 3, batchSize: item.batch, seed: 0)
        }
        for recipe in recipes {
            var warm = recipe
            warm.epochs = 1
            _ = try Trainer().train(warm, on: set)
        }
        // Four rounds over the cases, best of each: a slow spell of the machine (they last
        // seconds) meets each case at most once or twice, and the cases compared with each
        // other (b256 with and without batch-norm) meet the same spells.
        var best = [Double](repeating: .infinity, count: cases.count)
        var bestCPU = [Double](repeating: .infinity, count: cases.count)
        for _ in 0..<4 {
            for (index, recipe) in recipes.enumerated() {
                let cpuStart = cpuSeconds()
                let wall = try PrivacyBenchmarks.seconds {
                    _ = try Trainer().train(recipe, on: set)
                }
                let cpuEnd = cpuSeconds()
                best[index] = min(best[index], wall)
                bestCPU[index] = min(
                    bestCPU[index], cpuEnd.user + cpuEnd.system - cpuStart.user - cpuStart.system)
            }
            peak = max(peak, BenchmarkRunner.sgemmPeak(repeats: 4))
        }
        for (index, item) in cases.enumerated() {
            let seconds = best[index] / 3
            // On a shared machine wall time includes other processes' turns; CPU time does not.
            result["\(item.name)_cpu_fraction_of_sgemm_peak"] =
                flopsPerEpoch / (bestCPU[index] / 3) / cpuPeak
            perEpoch[item.name] = seconds
            result["\(item.name)_seconds_per_epoch"] = seconds
            result["\(item.name)_target"] = item.target
        }
        for (name, seconds) in perEpoch {
            result["\(name)_fraction_of_sgemm_peak"] = flopsPerEpoch / seconds / 1e9 / peak
        }
        result["sgemm_peak_gflops"] = peak
        let after = cpuSeconds()
        let user = after.user - before.user
        let system = after.system - before.system
        result["system_over_user"] = user > 0 ? system / user : .nan
        result["system_over_user_target"] = 0.10
        if let plain = perEpoch["b256"], let normalized = perEpoch["b256_bn"] {
            result["batchnorm_added_fraction"] = normalized / plain - 1
            result["batchnorm_added_target"] = 0.15
        }
        result["blas_split_threshold"] = BLASThreads.splitThreshold
        result["blas_threads"] = BLASThreads.current
        return result
    }

    /// FLOPs per CPU second (user + system, all threads) of square 1024 sgemm, best of 4.
    static func sgemmPerCPUSecond(size: Int = 1024) -> Double {
        let a = Matrix(rows: size, cols: size, repeating: 0.5)
        var c = Matrix(rows: size, cols: size)
        Matrix.gemm(a, a, into: &c)
        var best = Double.infinity
        for _ in 0..<4 {
            let start = cpuSeconds()
            Matrix.gemm(a, a, into: &c)
            let end = cpuSeconds()
            best = min(best, end.user + end.system - start.user - start.system)
        }
        return 2 * pow(Double(size), 3) / max(best, 1e-6)
    }

    /// Epochs of m1 (batch 256) on synthetic data of 10k, 100k and 1M rows of 16 features:
    /// seconds per row of an epoch (target: within 20% across sizes), and peak memory after
    /// each size.
    ///
    /// Each epoch is timed from the trainer's progress, so the per-run set-up (building the
    /// network, the first touch of its buffers) is not counted as rows. Three rounds run every
    /// size; the median epoch of each size is the headline, since this machine's neighbours
    /// come and go (a best epoch is as much an outlier as a worst); the best and the first
    /// epoch are reported beside it. Peak memory is read after each size's first training,
    /// the sets made smallest first.
    static func scaling() throws -> [String: Any] {
        var result: [String: Any] = ["bench": "scaling", "model": "mlp-m1", "features": 16]
        var bestPerRow: [Double] = []
        var medianPerRow: [Double] = []
        // A warm-up training, so the first size does not pay the process's one-time costs.
        _ = try Trainer().train(
            scalingRecipe(epochs: 1), on: syntheticSet(rows: 2_000, features: 16, seed: 8))
        // Three rounds over the sizes, so a slow spell of the machine (they last seconds)
        // meets every size at most once; per round about half a second of epochs for the
        // small sets and one epoch at 1M.
        let sizes = [(10_000, 10), (100_000, 2), (1_000_000, 1)]
        // The sets are made in the first round, smallest first, so the peak memory after each
        // size's first training shows how memory grows with the data.
        var sets: [TrainingSet] = []
        var epochs = [[Double]](repeating: [], count: sizes.count)
        var firstEpoch = [Double](repeating: 0, count: sizes.count)
        for round in 0..<3 {
            for (index, (rows, count)) in sizes.enumerated() {
                if round == 0 { sets.append(syntheticSet(rows: rows, features: 16, seed: 7)) }
                let seconds = try epochSeconds(scalingRecipe(epochs: count), on: sets[index])
                if round == 0 {
                    firstEpoch[index] = seconds.first ?? 0
                    result["rows_\(rows)_peak_rss_mb"] = BenchmarkRunner.peakRSSMegabytes()
                }
                epochs[index] += seconds
            }
        }
        for (index, (rows, _)) in sizes.enumerated() {
            let best = epochs[index].min() ?? .infinity
            let median = epochs[index].sorted()[epochs[index].count / 2]
            bestPerRow.append(best / Double(rows))
            medianPerRow.append(median / Double(rows))
            result["rows_\(rows)_microseconds_per_row"] = median / Double(rows) * 1e6
            result["rows_\(rows)_best_epoch_microseconds_per_row"] = best / Double(rows) * 1e6
            result["rows_\(rows)_first_epoch_microseconds_per_row"] =
                firstEpoch[index] / Double(rows) * 1e6
            result["rows_\(rows)_data_mb"] = Double(rows * 16 * 4) / 1e6
        }
        func spread(_ values: [Double]) -> Double? {
            guard let low = values.min(), let high = values.max(), low > 0 else { return nil }
            return high / low - 1
        }
        result["per_row_spread"] = spread(medianPerRow)
        result["best_epoch_per_row_spread"] = spread(bestPerRow)
        result["per_row_spread_target"] = 0.20
        return result
    }

    /// m1 at batch 256 without batch-norm, the scaling line's recipe.
    static func scalingRecipe(epochs: Int) -> Recipe {
        Recipe(
            architecture: .mlp(
                hidden: Architecture.capacities["m1"] ?? [], batchNorm: false, dropout: 0),
            epochs: epochs, batchSize: 256, seed: 0)
    }

    /// The wall time of each epoch of one training run, from the trainer's per-epoch progress.
    static func epochSeconds(_ recipe: Recipe, on set: TrainingSet) throws -> [Double] {
        let stamps = Mutex<[UInt64]>([])
        let trainer = Trainer(progress: { _ in
            let now = DispatchTime.now().uptimeNanoseconds
            stamps.withLock { $0.append(now) }
        })
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try trainer.train(recipe, on: set)
        let times = [start] + stamps.withLock { $0 }
        return zip(times.dropFirst(), times).map { Double($0 - $1) / 1e9 }
    }

    /// Uniform features in [−1, 1) and the label of a fixed linear rule, from `seed`.
    static func syntheticSet(rows: Int, features: Int, seed: UInt64) -> TrainingSet {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: rows, cols: features)
        x.storage.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = 2 * rng.uniformFloat() - 1 }
        }
        var labels = [Int](repeating: 0, count: rows)
        x.storage.withUnsafeBufferPointer { p in
            for r in 0..<rows {
                var total: Float = 0
                for c in 0..<features { total += p[r * features + c] * Float(c % 3 - 1) }
                labels[r] = total > 0 ? 1 : 0
            }
        }
        return TrainingSet(features: x, labels: labels, classCount: 2)
    }
}
