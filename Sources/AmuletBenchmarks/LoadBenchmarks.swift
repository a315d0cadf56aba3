import AmuletData
import Foundation

/// `load adult` cold (parse and encode) against warm (the encoded-dataset memo).
enum LoadBenchmarks {
    /// Seconds of a cold and of a warm load of adult (best of 5 each), and their equality.
    ///
    /// Cold: a fresh cache folder and digest memo. Warm: a fresh digest memo, so the raw files
    /// are hashed again as a new process would. Target: warm ≤ 0.1 s, features bit-identical.
    static func adult(runner: BenchmarkRunner) throws -> [String: Any] {
        let base = runner.dataFolder.url
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-load-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = DatasetCache(directory: directory)
        func timed(_ body: () throws -> DataSplit) rethrows -> (DataSplit, Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let split = try body()
            return (split, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        var cold = Double.infinity
        var reference: DataSplit? = nil
        for _ in 0..<5 {
            try? FileManager.default.removeItem(at: directory)
            let folder = DataFolder(url: base, digests: FileDigests(), cache: cache)
            let (split, seconds) = try timed { try AdultDataset.load(folder: folder, seed: 0) }
            cold = min(cold, seconds)
            reference = split
        }
        var warm = Double.infinity
        var identical = true
        for _ in 0..<5 {
            let folder = DataFolder(url: base, digests: FileDigests(), cache: cache)
            let (split, seconds) = try timed { try AdultDataset.load(folder: folder, seed: 0) }
            warm = min(warm, seconds)
            identical =
                identical && split.train.features.storage == reference?.train.features.storage
                && split.test.features.storage == reference?.test.features.storage
        }
        return [
            "bench": "load", "dataset": "adult", "cold_seconds": cold, "warm_seconds": warm,
            "speedup": cold / warm, "warm_identical": identical, "target_warm_seconds": 0.1,
        ]
    }
}
