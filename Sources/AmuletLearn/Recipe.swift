import AmuletTensor

/// Everything that determines a trained model: architecture, optimizer, schedule, seed, defenses.
public struct Recipe: Sendable {
    /// The network architecture.
    public var architecture: Architecture
    /// The optimizer and its hyper-parameters.
    public var optimizer: OptimizerSpec
    /// Passes over the training set.
    public var epochs: Int
    /// Examples per batch (the expected size under Poisson sampling).
    public var batchSize: Int
    /// Seed of every random choice in training (initialisation, batches, noise).
    public var seed: UInt64
    /// Training defenses, applied in order as hooks on the one training loop.
    public var defenses: [any TrainingDefense]

    /// A recipe; Adam with learning rate 1e-3 and batch 256 match the Python Amulet's defaults.
    public init(
        architecture: Architecture,
        optimizer: OptimizerSpec = .adam(learningRate: 1e-3, weightDecay: 0),
        epochs: Int = 10, batchSize: Int = 256, seed: UInt64 = 0,
        defenses: [any TrainingDefense] = []
    ) {
        self.architecture = architecture
        self.optimizer = optimizer
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
        self.defenses = defenses
    }

    /// A canonical text of the whole recipe; equal recipes give equal texts.
    public var identity: String {
        let defenseText = defenses.map(\.identity).joined(separator: ";")
        return "arch=\(architecture)|opt=\(optimizer)|epochs=\(epochs)|batch=\(batchSize)"
            + "|seed=\(seed)|defenses=[\(defenseText)]"
    }

    /// The identity with the seed left out: what repetitions under different seeds share.
    public var identityIgnoringSeed: String {
        let defenseText = defenses.map(\.identityIgnoringSeed).joined(separator: ";")
        return "arch=\(architecture)|opt=\(optimizer)|epochs=\(epochs)|batch=\(batchSize)"
            + "|defenses=[\(defenseText)]"
    }

    /// A short label such as `mlp-m1 + dp(eps=1)`, the same for every repetition.
    public var label: String {
        ([architecture.label] + defenses.map(\.identityIgnoringSeed)).joined(separator: " + ")
    }
}
