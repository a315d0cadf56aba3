import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import Dispatch
import Foundation

/// How well this machine runs two trainings at once, next to one training on a two-thread BLAS.
///
/// LiRA's shadow models gain from parallel workers only when OpenBLAS leaves cores idle; this
/// probe shows how much room there is (same recipe, 5 epochs of m1 on adult's members).
enum ScalingProbe {
    static func run(runner: BenchmarkRunner) throws -> [String: Any] {
        let scenario = try PrivacyBenchmarks.adultScenario(runner: runner, batch: 256, epochs: 5)
        guard let recipe = scenario.baseline else { return [:] }
        let set = scenario.trainingSet()
        let previous = BLASThreads.current
        defer { BLASThreads.set(previous) }
        BLASThreads.set(max(2, previous))
        let serial2 = try PrivacyBenchmarks.seconds {
            for _ in 0..<2 { _ = try Trainer().train(recipe, on: set) }
        }
        BLASThreads.set(1)
        let serial1 = try PrivacyBenchmarks.seconds {
            for _ in 0..<2 { _ = try Trainer().train(recipe, on: set) }
        }
        let parallel1 = PrivacyBenchmarks.seconds {
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                _ = try? Trainer().train(recipe, on: set)
            }
        }
        return [
            "two_trainings_serial_blas_multithreaded_s": serial2,
            "two_trainings_serial_blas_single_s": serial1,
            "two_trainings_parallel_blas_single_s": parallel1,
        ]
    }
}
