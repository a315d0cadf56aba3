import AmuletTensor

/// The examples a model trains on: features, labels, optional per-sample weights and groups.
public struct TrainingSet: Sendable {
    /// Feature rows.
    public var features: Matrix
    /// Class labels, one per row.
    public var labels: [Int]
    /// Per-sample loss weights (reweighing); nil means all 1.
    public var sampleWeights: [Float]?
    /// Sensitive attributes by name, one 0/1 value per row (fairness defenses read them).
    public var sensitive: [String: [Int]]
    /// Number of classes.
    public var classCount: Int
    /// Soft targets (class probabilities) to train on instead of the hard labels; nil means
    /// softmax cross-entropy on `labels`.
    public var softTargets: SoftTargets?

    /// A training set; `classCount` defaults to the largest label plus one.
    public init(
        features: Matrix, labels: [Int], sampleWeights: [Float]? = nil,
        sensitive: [String: [Int]] = [:], classCount: Int? = nil, softTargets: SoftTargets? = nil
    ) {
        self.features = features
        self.labels = labels
        self.sampleWeights = sampleWeights
        self.sensitive = sensitive
        self.classCount = classCount ?? ((labels.max() ?? 0) + 1)
        self.softTargets = softTargets
    }

    /// Number of examples.
    public var count: Int { labels.count }
}

/// One mini-batch inside the training loop.
public struct Batch: Sendable {
    /// The batch's rows.
    public var features: Matrix
    /// Their labels.
    public var labels: [Int]
    /// Their loss weights, if any.
    public var sampleWeights: [Float]?
    /// Their row indices in the training set.
    public var indices: [Int]
    /// Their soft targets, shape (batch, classes), when the set trains on soft targets.
    public var softTargets: Matrix? = nil
    /// Their sensitive attributes by name, one 0/1 value per row (adversarial debiasing).
    public var sensitive: [String: [Int]] = [:]
}

/// Class probabilities a model is trained to reproduce (distillation, model extraction), and
/// the loss that compares them with the model's output.
///
/// Reference: Hinton, Vinyals & Dean, "Distilling the Knowledge in a Neural Network", 2015;
/// Tramèr et al., "Stealing Machine Learning Models via Prediction APIs", USENIX Security 2016.
public struct SoftTargets: Sendable {
    /// Target probabilities, shape (rows, classes); each row sums to 1.
    public var probabilities: Matrix
    /// How the model's softmax is compared with them.
    public var loss: SoftTargetLoss

    /// Soft targets compared with `loss`.
    public init(probabilities: Matrix, loss: SoftTargetLoss) {
        self.probabilities = probabilities
        self.loss = loss
    }
}

/// The loss between a model's softmax q and target probabilities p.
public enum SoftTargetLoss: String, Sendable, CaseIterable {
    /// Mean squared error on probabilities, mean over all elements: (1/(B·K)) Σ (qᵢⱼ − pᵢⱼ)².
    case meanSquaredError = "mse"
    /// KL(p ‖ q) averaged over the batch.
    case klDivergence = "kl"
}

/// How the trainer forms batches.
public enum BatchSampling: Sendable, Equatable {
    /// Shuffle once per epoch and cut into consecutive batches of the recipe's size.
    case shuffled
    /// Include each example independently with probability `rate` (Poisson subsampling,
    /// needed for the DP-SGD privacy analysis); ⌈1/rate⌉ batches per epoch.
    case poisson(rate: Double)
}

/// Per-sample gradient information handed to defenses that clip (DP-SGD).
public struct PerSampleGradients: Sendable {
    /// ‖∂ℓᵢ/∂θ‖² of each sample's own loss ℓᵢ (not divided by the batch size).
    public var squaredNorms: [Float]
    /// The factor each sample's gradient is multiplied by before summing (defaults to 1).
    public var rowScale: [Float]

    /// Per-sample gradient information.
    public init(squaredNorms: [Float], rowScale: [Float]) {
        self.squaredNorms = squaredNorms
        self.rowScale = rowScale
    }
}

/// What a defense can report after training (ε spent, notes for the user).
public struct TrainingSummary: Sendable, Codable, Equatable {
    /// Epochs run.
    public var epochs: Int = 0
    /// Optimizer steps taken.
    public var steps: Int = 0
    /// Examples trained on (after training-set transforms).
    public var trainingExamples: Int = 0
    /// Mean training loss of each epoch.
    public var epochLosses: [Double] = []
    /// The privacy a DP-SGD run spent, as its accountant computed it; nil without DP.
    public var privacy: PrivacySpent?
    /// Training rows a defense removed before training (outlier removal); nil when none did.
    public var removedRows: Int?
    /// Words a text-purifying defense (ONION) removed per training sentence; nil when none did.
    public var removedWordsPerSentence: Double?
    /// Validation loss measured before each epoch (index = epochs trained so far) by a
    /// monitoring defense, for early stopping; nil when nothing monitored it.
    public var validationLosses: [Double]?
    /// Messages for the user such as "batch-norm removed under DP".
    public var notes: [String] = []
    /// The file the model's weights came from when nothing trained it (an imported model).
    public var suppliedBy: String?

    /// An empty summary.
    public init() {}
}

/// A training-time defense: a set of hooks on the one training loop.
///
/// Every hook defaults to doing nothing, so a defense implements only what it changes:
/// the training set (outlier removal, watermark triggers, reweighing), the architecture
/// (DP removes batch-norm), each batch (adversarial examples), the loss (debiasing), or the
/// per-sample gradients (DP-SGD clipping and noise). Because all defenses are hooks on one
/// loop, several compose in one recipe, applied in order.
public protocol TrainingDefense: Sendable {
    /// A stable text naming the defense and all its parameters; part of the model-cache key.
    var identity: String { get }
    /// The identity without what derives from the recipe's seed (a watermark's trigger seed):
    /// what repetitions under different seeds share, for labels and pooling.
    var identityIgnoringSeed: String { get }
    /// How batches are sampled (nil: no preference).
    var batchSampling: BatchSampling? { get }
    /// Whether the trainer must compute per-sample gradient norms for this defense.
    var needsPerSampleGradients: Bool { get }
    /// The work of one training step with this defense, relative to a plain step (1): what
    /// a plan multiplies a model's multiply-accumulates by, so an ETA counts the defense.
    /// Adversarial training runs its attack's steps on every batch; DP-SGD computes
    /// per-sample gradient norms and one normal per parameter per step.
    var stepWorkFactor: Double { get }

    /// Multiply-accumulate equivalents of `prepare` on `rows` rows of `inputWidth` features
    /// (0: negligible), which a plan adds to the training's work: outlier removal values
    /// every row by K-NN Shapley before the first epoch.
    func preparationWork(rows: Int, inputWidth: Int) -> Double

    /// Changes the architecture before the network is built.
    func adjust(_ architecture: Architecture, summary: inout TrainingSummary) -> Architecture

    /// Transforms the training set once, before the first epoch.
    mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary) throws

    /// `prepare`, for a defense whose preparation is long work (outlier removal values every
    /// row) and polls `cancellation`; the default calls `prepare`.
    mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary, cancellation: CancellationToken?) throws

    /// Transforms one batch before the forward pass (such as replaces it by adversarial examples).
    mutating func transformBatch(_ batch: inout Batch, network: Network, rng: inout SeededGenerator)

    /// Adds a loss term: returns its value and adds its gradient into `logitGradient`.
    mutating func addLoss(
        logits: Matrix, batch: Batch, logitGradient: inout Matrix, rng: inout SeededGenerator
    ) -> Double

    /// Sets per-sample scale factors (clipping) from per-sample gradient norms.
    mutating func scalePerSampleGradients(_ gradients: inout PerSampleGradients)

    /// Writes the start of the summed gradient, to which the samples' row-scaled gradients are
    /// then added, and may scale every row (DP-SGD: its noise, and 1/(q·N) on every sample);
    /// returns false to start from zero. Called for per-sample training only, after
    /// `scalePerSampleGradients`; the first defense that returns true is the only one asked.
    ///
    /// A start the defense has ready (noise drawn during the previous step) replaces the
    /// zeroing of the buffer, and folding a common factor into the row scales saves the pass
    /// over every parameter that scaling the sum afterwards would cost.
    mutating func startSummedGradient(
        _ gradient: inout [Float], rowScale: inout [Float], rng: inout SeededGenerator
    ) -> Bool

    /// Transforms the summed (scaled) gradient, given the real batch size.
    mutating func transformSummedGradient(
        _ gradient: inout [Float], batchSize: Int, rng: inout SeededGenerator)

    /// Adds what the defense wants to report once training is over.
    func finish(summary: inout TrainingSummary, recipe: Recipe, trainingSetSize: Int)
}

extension TrainingDefense {
    public var identityIgnoringSeed: String { identity }
    public var batchSampling: BatchSampling? { nil }
    public var needsPerSampleGradients: Bool { false }
    public var stepWorkFactor: Double { 1 }
    public func preparationWork(rows: Int, inputWidth: Int) -> Double { 0 }
    public func adjust(_ architecture: Architecture, summary: inout TrainingSummary) -> Architecture
    {
        architecture
    }
    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {}
    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary, cancellation: CancellationToken?
    ) throws {
        try prepare(&trainingSet, recipe: recipe, rng: &rng, summary: &summary)
    }
    public mutating func transformBatch(
        _ batch: inout Batch, network: Network, rng: inout SeededGenerator
    ) {}
    public mutating func addLoss(
        logits: Matrix, batch: Batch, logitGradient: inout Matrix, rng: inout SeededGenerator
    ) -> Double { 0 }
    public mutating func scalePerSampleGradients(_ gradients: inout PerSampleGradients) {}
    public mutating func startSummedGradient(
        _ gradient: inout [Float], rowScale: inout [Float], rng: inout SeededGenerator
    ) -> Bool { false }
    public mutating func transformSummedGradient(
        _ gradient: inout [Float], batchSize: Int, rng: inout SeededGenerator
    ) {}
    public func finish(summary: inout TrainingSummary, recipe: Recipe, trainingSetSize: Int) {}
}
