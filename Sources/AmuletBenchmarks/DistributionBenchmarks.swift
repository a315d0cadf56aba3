import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import Foundation

/// Distribution inference on Adult (sex, 0.1 against 0.9, m1 with batch-norm, 10 epochs)
/// against the same number of population trainings in series.
enum DistributionBenchmarks {
    /// The attack with 20 models per population, over 40 trainings.
    ///
    /// The attack is timed from the first population model to the last measurement (the target
    /// is trained before the clock starts), over 40 plain trainings of the same size one after
    /// another. The attack trains 50 models (40 plus 10 test models) in parallel workers; with
    /// tests=0 it would cross-validate instead, but each meta-classifier fold costs about ten
    /// model trainings, so that is cheaper only for the KL test.
    static func attack(runner: BenchmarkRunner) throws -> [String: Any] {
        let split = try AdultDataset.load(folder: runner.dataFolder, seed: 0)
        var scenario = Scenario(
            datasetName: "adult", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
        let recipe = Recipe(
            architecture: .mlp(
                hidden: Architecture.capacities["m1"] ?? [], batchNorm: true, dropout: 0),
            epochs: 10, batchSize: 256, seed: 1)
        scenario.setModel(
            name: "mlp", recipe: recipe, label: "mlp-m1+bn", parameters: ParameterValues())
        let threads = AffinityCPUs.count()
        let workbench = Workbench(cache: nil)
        let target = try workbench.model(recipe, scenario: scenario)
        let models = 20
        let tests = 5
        var metrics: [String: Double] = [:]
        var notes: [String] = []
        let model = ModelUnderTest(
            role: .current, recipe: recipe, label: "mlp-m1+bn", model: target.model,
            fromCache: false)
        func run(_ extra: [String: ParameterValue]) throws {
            // A fresh workbench: the population models train in every run.
            let context = RunContext(workbench: Workbench(cache: nil), seed: 0, threads: threads)
            var given: [String: ParameterValue] = [
                "attribute": .text("sex"), "ratio1": .number(0.1), "ratio2": .number(0.9),
                "models": .number(Double(models)),
            ]
            given.merge(extra) { $1 }
            let evaluation = try DistributionInferencePlugin.evaluate(
                PluginCall(given: ParameterValues(given)), model: model, scenario: scenario,
                context: context)
            for m in evaluation.measurements { metrics[m.displayName] = m.value }
            notes = evaluation.notes
        }
        // The KL test (the Python Amulet's) scored by leaving each population model out: no
        // models beyond the 40 of the populations.
        let klSeconds = try PrivacyBenchmarks.seconds {
            try run(["test": .text("kl"), "tests": .number(0)])
        }
        let klCrossValidated = (
            metrics["distribution.kl.accuracy"] ?? .nan, metrics["distribution.kl.auc"] ?? .nan
        )
        let attackSeconds = try PrivacyBenchmarks.seconds {
            try run(["tests": .number(Double(tests))])
        }
        // The same size of training set: what the attack's note reports, re-derived here as
        // the most rows both ratios allow in both halves of the training split.
        let sex = split.train.attribute("sex")?.values ?? []
        let size =
            [scenario.adversaryIndices, scenario.memberIndices].flatMap { pool in
                let men = Double(pool.filter { sex[$0] == 1 }.count)
                let women = Double(pool.count) - men
                return [min(men / 0.1, women / 0.9), min(men / 0.9, women / 0.1)]
            }.min().map { Int($0.rounded(.down)) } ?? 0
        var rng = SeededGenerator(seed: 42)
        let serialSeconds = try PrivacyBenchmarks.seconds {
            for index in 0..<(2 * models) {
                var own = recipe
                own.seed = UInt64(100 + index)
                let rows = rng.sampleWithoutReplacement(size, from: split.train.count).sorted()
                _ = try Trainer().train(own, on: scenario.trainingSet(rows: rows))
            }
        }
        return [
            "bench": "distribution", "dataset": "adult", "attribute": "sex",
            "ratios": "0.1 vs 0.9", "model": "mlp-m1+bn", "epochs": 10,
            "models_per_population": models, "test_models_per_ratio": tests,
            "rows_per_model": size, "threads": threads,
            "attack_seconds": attackSeconds, "serial_40_trainings_seconds": serialSeconds,
            "distribution_over_serial": attackSeconds / serialSeconds, "target_ratio": 1.1,
            "kl_cross_validated_seconds": klSeconds,
            "kl_cross_validated_over_serial": klSeconds / serialSeconds,
            "kl_cross_validated_accuracy": klCrossValidated.0,
            "kl_cross_validated_auc": klCrossValidated.1,
            "kl_accuracy": metrics["distribution.kl.accuracy"] ?? .nan,
            "kl_auc": metrics["distribution.kl.auc"] ?? .nan,
            "meta_accuracy": metrics["distribution.meta.accuracy"] ?? .nan,
            "meta_auc": metrics["distribution.meta.auc"] ?? .nan,
            "anchor_kl_accuracy_20_models": 0.70, "anchor_kl_auc_20_models": 0.76,
            "note": notes.last ?? "",
        ]
    }
}
