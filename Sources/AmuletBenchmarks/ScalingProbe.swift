import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import Foundation

/// How well this machine runs two trainings at once, next to one at a time with products split
/// over two threads, and one at a time on one thread.
///
/// LiRA's shadow models gain from parallel workers only when one training leaves a core idle;
/// this probe shows how much room there is (same recipe, 5 epochs of m1 on adult's members).
enum ScalingProbe {
    static func run(runner: BenchmarkRunner) throws -> [String: Any] {
        let scenario = try PrivacyBenchmarks.adultScenario(runner: runner, batch: 256, epochs: 5)
        guard let recipe = scenario.baseline else { return [:] }
        let set = scenario.trainingSet()
        let serialSplit = try PrivacyBenchmarks.seconds {
            for _ in 0..<2 { _ = try Trainer().train(recipe, on: set) }
        }
        let serialWhole = try BLASThreads.withSerialProducts {
            try PrivacyBenchmarks.seconds {
                for _ in 0..<2 { _ = try Trainer().train(recipe, on: set) }
            }
        }
        // Two trainings on the pool's threads; each one's products run whole on its thread.
        let parallelWhole = PrivacyBenchmarks.seconds {
            SplitWorker.forEach(iterations: 2) { _ in _ = try? Trainer().train(recipe, on: set) }
        }
        return [
            "two_trainings_serial_split_products_s": serialSplit,
            "two_trainings_serial_one_thread_s": serialWhole,
            "two_trainings_parallel_one_thread_each_s": parallelWhole,
        ]
    }
}
