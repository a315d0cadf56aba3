import AmuletLearn
import AmuletTensor

/// Watermarking by backdooring: a secret trigger set of out-of-distribution inputs with random
/// labels, trained into the model so the owner can later show the model knows them.
///
/// The triggers are uniform random rows in [0, 1]ᵈ (far from tabular data, whose one-hot
/// columns are mostly 0) with labels drawn uniformly from the classes, so a model that never
/// saw them agrees with about 1/K of them. Like Adi et al., who put trigger images in every
/// batch, the trigger set is repeated once per batch of an epoch (⌈N/batch⌉ copies), so each
/// trigger is seen about as often as a batch is. The triggers come from the defense's own
/// seed, never from the training loop's generator, so the owner can regenerate them to verify
/// any suspect model.
/// Reference: Adi, Baum, Cisse, Pinkas & Keshet, "Turning Your Weakness Into a Strength:
/// Watermarking Deep Neural Networks by Backdooring", USENIX Security 2018.
public struct WatermarkDefense: TrainingDefense {
    /// Number of trigger examples.
    public var size: Int
    /// Seed of the trigger set.
    public var seed: UInt64

    /// A watermark of `size` triggers drawn from `seed`.
    public init(size: Int, seed: UInt64) {
        self.size = size
        self.seed = seed
    }

    public var identity: String { "watermark(size=\(size),seed=\(seed))" }

    /// The trigger seed derives from the recipe's seed, so repetitions pool without it.
    public var identityIgnoringSeed: String { "watermark(size=\(size))" }

    /// The trigger set for inputs of `inputWidth` columns and `classCount` classes.
    public func triggerSet(inputWidth: Int, classCount: Int) -> (features: Matrix, labels: [Int]) {
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 0x574D_4B53))
        var storage = [Float](repeating: 0, count: size * inputWidth)
        for i in storage.indices { storage[i] = rng.uniformFloat() }
        let labels = (0..<size).map { _ in rng.integer(below: max(classCount, 1)) }
        return (Matrix(rows: size, cols: inputWidth, storage: storage), labels)
    }

    /// The fraction of the trigger set `network` labels as the owner chose.
    public func accuracy(of network: Network) -> Double {
        let triggers = triggerSet(inputWidth: network.inputWidth, classCount: network.outputWidth)
        return network.accuracy(triggers.features, labels: triggers.labels)
    }

    /// Appends ⌈N/batch⌉ copies of the trigger set to the training set.
    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {
        guard size > 0 else { return }
        let triggers = triggerSet(
            inputWidth: trainingSet.features.cols, classCount: trainingSet.classCount)
        let copies = max(1, (trainingSet.count + recipe.batchSize - 1) / max(recipe.batchSize, 1))
        let added = copies * size
        trainingSet.features = Matrix.vstack(
            [trainingSet.features] + Array(repeating: triggers.features, count: copies))
        let labels = Array([[Int]](repeating: triggers.labels, count: copies).joined())
        trainingSet.labels += labels
        if trainingSet.sampleWeights != nil {
            trainingSet.sampleWeights?.append(
                contentsOf: [Float](repeating: 1, count: added))
        }
        for name in trainingSet.sensitive.keys {
            trainingSet.sensitive[name]?.append(contentsOf: [Int](repeating: 0, count: added))
        }
        if var soft = trainingSet.softTargets {
            var oneHot = Matrix(rows: added, cols: soft.probabilities.cols)
            for (r, label) in labels.enumerated() { oneHot[r, label] = 1 }
            soft.probabilities = Matrix.vstack([soft.probabilities, oneHot])
            trainingSet.softTargets = soft
        }
        summary.notes.append(
            "watermark: \(size) trigger examples, each repeated \(copies) times (once per batch)")
    }
}
