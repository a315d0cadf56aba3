import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import Foundation

/// Evasion costs as ratios to one plain training epoch of the attacked model.
///
/// The setting is the anchors' (the Python Amulet's evasion run): m1 with batch-norm at
/// batch 256, trained on adult's whole training split (24,421 rows, as many as the test split
/// PGD attacks), so a PGD step over the test split and a training epoch touch the same number
/// of rows.
enum EvasionBenchmarks {
    /// An adversarial-training epoch (PGD-10) over a plain epoch (target ≤ steps + 2), and a
    /// PGD-40 attack on the whole test split over a plain epoch (target ≤ 40), standard (final
    /// iterate) and stopping each row at its first misclassified step (`early=on`).
    static func costs(runner: BenchmarkRunner) throws -> [String: Any] {
        let split = try AdultDataset.load(folder: runner.dataFolder, seed: 0)
        let set = TrainingSet(
            features: split.train.features, labels: split.train.labels, classCount: 2)
        let recipe = Recipe(
            architecture: .mlp(
                hidden: Architecture.capacities["m1"] ?? [], batchNorm: true, dropout: 0),
            epochs: 1, batchSize: 256, seed: 1)
        let steps = 10
        var adversarial = recipe
        adversarial.defenses = [
            AdversarialTrainingDefense(
                attack: ProjectedGradientDescent(
                    norm: .linf, epsilon: 0.1, stepSize: 0.025, steps: steps))
        ]
        // Best of three plain epochs and two adversarial ones: the machine's neighbours vary.
        var model = try Trainer().train(recipe, on: set)
        var plain = Double.infinity
        for _ in 0..<3 {
            plain = min(
                plain,
                try PrivacyBenchmarks.seconds { model = try Trainer().train(recipe, on: set) })
        }
        var robust = Double.infinity
        for _ in 0..<2 {
            robust = min(
                robust,
                try PrivacyBenchmarks.seconds { _ = try Trainer().train(adversarial, on: set) })
        }
        let test = split.test
        let attack = ProjectedGradientDescent(norm: .linf, epsilon: 0.1, stepSize: 0.01, steps: 40)
        var rng = SeededGenerator(seed: 1)
        var attacked = test.features
        let pgd = PrivacyBenchmarks.seconds {
            attacked = attack.perturb(
                test.features, labels: test.labels, network: model.network, rng: &rng)
        }
        var early = attack
        early.earlyExit = true
        rng = SeededGenerator(seed: 1)
        var stopped = test.features
        let pgdEarly = PrivacyBenchmarks.seconds {
            stopped = early.perturb(
                test.features, labels: test.labels, network: model.network, rng: &rng)
        }
        return [
            "bench": "evasion", "model": "mlp-m1+bn", "dataset": "adult",
            "plain_epoch_rows": set.count,
            "plain_seconds_per_epoch": plain, "adv_pgd10_seconds_per_epoch": robust,
            "adv_epoch_over_plain": robust / plain, "adv_target_ratio": steps + 2,
            "pgd40_test_rows": test.count, "pgd40_seconds": pgd,
            "pgd40_over_plain_epoch": pgd / plain, "pgd40_target_ratio": 40,
            "pgd40_adversarial_accuracy": model.network.accuracy(attacked, labels: test.labels),
            "pgd40_early_seconds": pgdEarly, "pgd40_early_over_plain_epoch": pgdEarly / plain,
            "pgd40_early_adversarial_accuracy": model.network.accuracy(
                stopped, labels: test.labels),
        ]
    }
}
