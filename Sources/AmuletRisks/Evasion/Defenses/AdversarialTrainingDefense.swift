import AmuletLearn
import AmuletTensor

/// Madry adversarial training: every batch is replaced by its PGD adversarial examples
/// against the current network before the forward pass.
///
/// min_θ E[max_{‖δ‖≤ε} ℓ(f_θ(x + δ), y)]: the inner maximisation is PGD, the outer the usual
/// step. Being a batch hook on the one training loop, it composes: under DP-SGD the
/// adversarial batch goes through the per-sample clipping and noise like any other.
/// Reference: Madry et al., "Towards Deep Learning Models Resistant to Adversarial Attacks",
/// ICLR 2018.
public struct AdversarialTrainingDefense: TrainingDefense {
    /// The inner attack.
    public var attack: ProjectedGradientDescent

    /// A defense training on `attack`'s adversarial examples.
    public init(attack: ProjectedGradientDescent) {
        self.attack = attack
    }

    public var identity: String {
        "adv(norm=\(attack.norm.rawValue),eps=\(attack.epsilon),step=\(attack.stepSize),"
            + "steps=\(attack.steps),groups=\(attack.domain.oneHotGroups.count))"
    }

    /// Each PGD step is a forward pass (one multiply-add per weight and row) and a backward
    /// pass to the input (one more, without the weight gradients a training step also
    /// computes): 2 of a training step's 3, so a step with `steps` PGD steps costs about
    /// 1 + 2·steps/3 plain steps (measured: `DefenseCostTests`).
    public var stepWorkFactor: Double { 1 + 2 * Double(attack.steps) / 3 }

    /// Replaces the batch's rows by their adversarial examples.
    public mutating func transformBatch(
        _ batch: inout Batch, network: Network, rng: inout SeededGenerator
    ) {
        guard !batch.labels.isEmpty else { return }
        batch.features = attack.perturb(
            batch.features, labels: batch.labels, network: network, rng: &rng)
    }
}
