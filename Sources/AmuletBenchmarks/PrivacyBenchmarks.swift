import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import Foundation

/// DP-SGD's cost over plain training, and LiRA's shadow models in parallel against in series.
enum PrivacyBenchmarks {
    static func seconds(_ work: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func adultScenario(runner: BenchmarkRunner, batch: Int, epochs: Int) throws -> Scenario {
        let split = try AdultDataset.load(folder: runner.dataFolder, seed: 0)
        var scenario = Scenario(
            datasetName: "adult", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
        let recipe = Recipe(
            architecture: .mlp(
                hidden: Architecture.capacities["m1"] ?? [], batchNorm: false, dropout: 0),
            epochs: epochs, batchSize: batch, seed: 1)
        scenario.setModel(
            name: "mlp", recipe: recipe, label: "mlp-m1", parameters: ParameterValues())
        return scenario
    }

    /// Seconds per epoch of m1 on adult's members at batch 128, DP-SGD (σ = 1, C = 1) over plain.
    ///
    /// An epoch's cost is the difference between a 7-epoch and a 2-epoch run, over 5: what
    /// happens once per run (the privacy accountant's ε at the end, the network's set-up)
    /// cancels. Whole runs of 7 epochs, accountant included, are reported beside it. Best of
    /// four of each, plain and DP alternating, since this machine's neighbours come and go.
    static func dpOverhead(runner: BenchmarkRunner) throws -> [String: Any] {
        let scenario = try adultScenario(runner: runner, batch: 128, epochs: 3)
        guard let recipe = scenario.baseline else { return [:] }
        let set = scenario.trainingSet()
        let q = 128 / Double(set.count)
        var private_ = recipe
        private_.defenses = [
            DPSGDDefense(
                clipNorm: 1, noiseMultiplier: 1, delta: 1e-5, samplingRate: q, targetEpsilon: nil)
        ]
        _ = try Trainer().train(recipe, on: set)
        func run(_ recipe: Recipe, epochs: Int) throws -> Double {
            var run = recipe
            run.epochs = epochs
            return try seconds { _ = try Trainer().train(run, on: set) }
        }
        // Plain and DP runs alternate, so both meet the same moments of a noisy machine.
        let (short, long) = (2, 7)
        var (plainShort, plainLong, dpShort, dpLong) = (
            Double.infinity, Double.infinity, Double.infinity, Double.infinity
        )
        for _ in 0..<4 {
            plainShort = min(plainShort, try run(recipe, epochs: short))
            dpShort = min(dpShort, try run(private_, epochs: short))
            plainLong = min(plainLong, try run(recipe, epochs: long))
            dpLong = min(dpLong, try run(private_, epochs: long))
        }
        let plain = (plainLong - plainShort) / Double(long - short)
        let dp = (dpLong - dpShort) / Double(long - short)
        return [
            "bench": "dp", "model": "mlp-m1", "dataset": "adult", "batch": 128,
            "plain_seconds_per_epoch": plain, "dp_seconds_per_epoch": dp,
            "dp_over_plain": dp / plain,
            "dp_run_over_plain_run_7_epochs": dpLong / plainLong,
            "target_ratio": 1.3,
        ]
    }

    /// LiRA with 16 shadows (10 epochs each) against the same 16 trainings in series.
    ///
    /// Target ≤ 1.15. The series trains one model at a time with its products split over both
    /// cores; LiRA trains two at a time, each on one core.
    ///
    /// The LiRA time covers the shadows (parallel workers, one BLAS thread each), scoring and
    /// the likelihood-ratio test; the target model is trained before the clock starts, as in a
    /// session where `train` ran before `attack`.
    static func liraParallel(runner: BenchmarkRunner) throws -> [String: Any] {
        let scenario = try adultScenario(runner: runner, batch: 256, epochs: 10)
        guard let recipe = scenario.baseline else { return [:] }
        let threads = AffinityCPUs.count()
        var metrics: [String: Double] = [:]
        let workbench = Workbench(cache: nil)
        let target = try workbench.model(recipe, scenario: scenario)
        let lira = try seconds {
            let context = RunContext(workbench: workbench, seed: 0, threads: threads)
            let model = ModelUnderTest(
                role: .current, recipe: recipe, label: "mlp-m1", model: target.model,
                fromCache: false)
            let call = PluginCall(given: ParameterValues(["shadows": .number(16)]))
            let evaluation = try MembershipInferencePlugin.evaluate(
                call, model: model, scenario: scenario, context: context)
            for m in evaluation.measurements { metrics[m.displayName] = m.value }
        }
        // The same 16 shadow trainings, one after another, with the plain trainer.
        let n = scenario.data.train.count
        var rng = SeededGenerator(seed: 99)
        let serial = try seconds {
            for shadow in 0..<16 {
                var shadowRecipe = recipe
                shadowRecipe.seed = UInt64(shadow)
                let rows = rng.sampleWithoutReplacement(n / 2, from: n).sorted()
                _ = try Trainer().train(shadowRecipe, on: scenario.trainingSet(rows: rows))
            }
        }
        var result: [String: Any] = [
            "bench": "lira", "dataset": "adult", "shadows": 16, "epochs": 10, "threads": threads,
            "lira_seconds": lira, "serial_training_seconds": serial,
            "lira_over_serial": lira / serial,
            "target_ratio": 1.15, "auc": metrics["mia.lira.auc"] ?? .nan,
            "tpr_at_1pct_fpr": metrics["mia.lira.tpr@1%fpr"] ?? .nan,
            // The process's peak so far: meaningful when `lira` runs alone (target 120 MB).
            "peak_rss_mb": BenchmarkRunner.peakRSSMegabytes(), "peak_rss_target_mb": 120,
        ]
        result.merge(try ScalingProbe.run(runner: runner)) { first, _ in first }
        return result
    }
}
