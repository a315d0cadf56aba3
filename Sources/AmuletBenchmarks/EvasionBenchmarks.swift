import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTensor
import Foundation

/// Evasion costs as ratios to one plain training epoch of m1 on adult's members.
enum EvasionBenchmarks {
    /// An adversarial-training epoch (PGD-10) over a plain epoch (target ≤ steps + 2), and a
    /// PGD-40 attack on the whole test split over a plain epoch (target ≤ 40), standard (final
    /// iterate) and stopping each row at its first misclassified step (`early=on`).
    static func costs(runner: BenchmarkRunner) throws -> [String: Any] {
        let scenario = try PrivacyBenchmarks.adultScenario(runner: runner, batch: 256, epochs: 1)
        guard let recipe = scenario.baseline else { return [:] }
        let set = scenario.trainingSet()
        let steps = 10
        var adversarial = recipe
        adversarial.defenses = [
            AdversarialTrainingDefense(
                attack: ProjectedGradientDescent(
                    norm: .linf, epsilon: 0.1, stepSize: 0.025, steps: steps))
        ]
        var model = try Trainer().train(recipe, on: set)
        let plain = try PrivacyBenchmarks.seconds { model = try Trainer().train(recipe, on: set) }
        let robust = try PrivacyBenchmarks.seconds { _ = try Trainer().train(adversarial, on: set) }
        let test = scenario.data.test
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
            "bench": "evasion", "model": "mlp-m1", "dataset": "adult",
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
