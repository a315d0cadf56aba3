import AmuletData
import AmuletLearn
import AmuletTensor
import Foundation

/// Runs the named benchmarks (all when none are named) and emits one JSON line each.
///
/// Every ratio is measured inside one run on one machine (training against the sgemm peak of
/// the same run), because absolute times on shared machines are noisy.
public struct BenchmarkRunner {
    /// Benchmark names to run; empty runs all.
    public var selected: [String]
    /// The process environment (data folder).
    public var environment: [String: String]
    /// The working directory (default data folder).
    public var currentDirectory: String

    /// A runner.
    public init(selected: [String], environment: [String: String], currentDirectory: String) {
        self.selected = selected
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// Every benchmark by name, in the order they run.
    static let names = ["sgemm", "train"] + ExtraBenchmarks.names

    /// Runs and reports through `emit`; returns the process exit code.
    public func run(emit: (String) -> Void) -> Int32 {
        let unknown = selected.filter { !BenchmarkRunner.names.contains($0) }
        if !unknown.isEmpty {
            emit(
                json([
                    "error": "unknown benchmark \(unknown.joined(separator: ", "))",
                    "available": BenchmarkRunner.names.joined(separator: " "),
                ]))
            return 2
        }
        let chosen =
            selected.isEmpty
            ? BenchmarkRunner.names.filter { !ExtraBenchmarks.onlyWhenNamed.contains($0) }
            : selected
        var peak: Double? = nil
        var status: Int32 = 0
        for name in BenchmarkRunner.names where chosen.contains(name) {
            do {
                switch name {
                case "sgemm":
                    let rates = BenchmarkRunner.sgemmRates()
                    let gflops = max(rates.openBLASPool, rates.split)
                    peak = gflops
                    emit(
                        json([
                            "bench": "sgemm", "gflops": gflops,
                            "openblas_pool_gflops": rates.openBLASPool,
                            "openblas_pool_threads": BLASThreads.openBLASDefault,
                            "split_halves_gflops": rates.split,
                        ]))
                case "train":
                    let sgemm = peak ?? BenchmarkRunner.sgemmPeak()
                    peak = sgemm
                    emit(json(try trainBenchmark(sgemmGFLOPS: sgemm)))
                default:
                    let needsPeak = ExtraBenchmarks.comparedWithSGEMM.contains(name)
                    let sgemm = needsPeak ? (peak ?? BenchmarkRunner.sgemmPeak()) : 0
                    if needsPeak { peak = sgemm }
                    for line in try ExtraBenchmarks.run(name, runner: self, sgemmGFLOPS: sgemm) {
                        emit(json(line))
                    }
                }
            } catch {
                emit(json(["bench": name, "error": "\(error)"]))
                status = 1
            }
        }
        return status
    }

    /// The best sgemm rate of this machine in GFLOP/s: square 1024 products, best of several,
    /// on OpenBLAS's own thread pool and as this project's two split halves, whichever is faster.
    public static func sgemmPeak(size: Int = 1024, repeats: Int = 8) -> Double {
        let rates = sgemmRates(size: size, repeats: repeats)
        return max(rates.openBLASPool, rates.split)
    }

    /// GFLOP/s of square `size` products on OpenBLAS's pool and as split halves, best of `repeats`.
    public static func sgemmRates(size: Int = 1024, repeats: Int = 8) -> (
        openBLASPool: Double, split: Double
    ) {
        var rng = SeededGenerator(seed: 1)
        var a = Matrix(rows: size, cols: size)
        var b = Matrix(rows: size, cols: size)
        for i in a.storage.indices {
            a.storage[i] = rng.uniformFloat()
            b.storage[i] = rng.uniformFloat()
        }
        var c = Matrix(rows: size, cols: size)
        func best() -> Double {
            Matrix.gemm(a, b, into: &c)
            var fastest = Double.infinity
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                Matrix.gemm(a, b, into: &c)
                fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return 2 * pow(Double(size), 3) / fastest / 1e9
        }
        let pool = BLASThreads.withOpenBLASPool { best() }
        return (pool, best())
    }

    /// The data folder for benchmarks that read real data.
    var dataFolder: DataFolder {
        DataFolder.fromEnvironment(environment, currentDirectory: currentDirectory)
    }

    /// m1 on the full adult training split, 10 epochs of batch 256, against the sgemm peak.
    ///
    /// FLOPs count 6 per dense weight per training sample (2 forward, 4 backward).
    func trainBenchmark(sgemmGFLOPS: Double) throws -> [String: Any] {
        let split = try AdultDataset.load(folder: dataFolder, seed: 0)
        let hidden = Architecture.capacities["m1"] ?? [128, 256, 128]
        let recipe = Recipe(
            architecture: .mlp(hidden: hidden, batchNorm: false, dropout: 0), epochs: 10,
            batchSize: 256, seed: 0)
        let set = TrainingSet(
            features: split.train.features, labels: split.train.labels, classCount: 2)
        let start = DispatchTime.now().uptimeNanoseconds
        let model = try Trainer().train(recipe, on: set)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let widths = [split.train.features.cols] + hidden + [2]
        let weights = zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        let flopsPerEpoch = 6.0 * Double(weights) * Double(set.count)
        let perEpoch = seconds / 10
        return [
            "bench": "train", "model": "mlp-m1", "dataset": "adult",
            "seconds_per_epoch": perEpoch,
            "gflop_per_epoch": flopsPerEpoch / 1e9,
            "fraction_of_sgemm_peak": flopsPerEpoch / perEpoch / 1e9 / sgemmGFLOPS,
            "test_accuracy": model.network.accuracy(split.test.features, labels: split.test.labels),
            "peak_rss_mb": BenchmarkRunner.peakRSSMegabytes(),
        ]
    }

    /// The process's peak resident set size in MB (`getrusage`).
    public static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// One JSON object on one line with sorted keys; numbers rounded to 4 significant digits.
    func json(_ object: [String: Any]) -> String {
        var rounded: [String: Any] = [:]
        for (key, value) in object {
            if let d = value as? Double, d.isFinite {
                rounded[key] = Double(String(format: "%.4g", d)) ?? d
            } else {
                rounded[key] = value
            }
        }
        guard
            let data = try? JSONSerialization.data(withJSONObject: rounded, options: [.sortedKeys])
        else {
            return "{\"error\":\"unserialisable result\"}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
