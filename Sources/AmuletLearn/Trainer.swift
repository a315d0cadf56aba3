import AmuletTensor

/// A trained network with the recipe label and what happened while training.
public struct TrainedModel: Sendable {
    /// The network, in evaluation use.
    public var network: Network
    /// The architecture actually trained (after defenses adjusted it).
    public var architecture: Architecture
    /// The recipe's label such as `mlp-m1 + dp(eps=1)`.
    public var label: String
    /// Epochs, steps, losses and what defenses reported.
    public var summary: TrainingSummary

    /// A trained model.
    public init(
        network: Network, architecture: Architecture, label: String, summary: TrainingSummary
    ) {
        self.network = network
        self.architecture = architecture
        self.label = label
        self.summary = summary
    }
}

/// Errors of the training loop.
public enum TrainingError: Error, Sendable, Equatable {
    /// The training set has no examples.
    case emptyTrainingSet
    /// A label is outside 0..<classCount.
    case labelOutOfRange(label: Int, classCount: Int)
    /// The loss became NaN or infinite at this epoch.
    case diverged(epoch: Int)
    /// A recipe value is unusable.
    case invalidRecipe(String)
}

/// Runs a `Recipe` over a `TrainingSet`: the one training loop every defense hooks into.
///
/// Per batch: defenses transform the batch, forward, softmax cross-entropy (weighted when the
/// set has sample weights; a soft-target loss when the set carries soft targets) plus defense
/// loss terms, backward, then either the plain summed
/// gradient or, when a defense asks for it, per-sample clipping through row scales of each
/// layer's output gradient and a transform of the summed gradient (DP-SGD), then one
/// optimizer step.
public struct Trainer: Sendable {
    /// Receives per-epoch progress.
    public var progress: ProgressReporter?
    /// Polled once per batch.
    public var cancellation: CancellationToken?
    /// Training that would need more memory than this is refused before allocating.
    public var memoryBudget: MemoryBudget = .physical()

    /// A trainer with optional progress and cancellation.
    public init(progress: ProgressReporter? = nil, cancellation: CancellationToken? = nil) {
        self.progress = progress
        self.cancellation = cancellation
    }

    /// Trains a fresh network from `recipe` on `data`.
    public func train(_ recipe: Recipe, on data: TrainingSet) throws -> TrainedModel {
        guard recipe.epochs >= 0, recipe.batchSize >= 1 else {
            throw TrainingError.invalidRecipe("epochs must be ≥ 0 and batch size ≥ 1")
        }
        let rng = SeededGenerator(seed: recipe.seed)
        var initRNG = rng.derived(1)
        var batchRNG = rng.derived(2)
        var defenseRNG = rng.derived(3)
        var summary = TrainingSummary()
        var defenses = recipe.defenses
        var trainingSet = data
        for i in defenses.indices {
            try defenses[i].prepare(
                &trainingSet, recipe: recipe, rng: &defenseRNG, summary: &summary,
                cancellation: cancellation)
        }
        guard trainingSet.count > 0 else { throw TrainingError.emptyTrainingSet }
        for label in trainingSet.labels where label < 0 || label >= trainingSet.classCount {
            throw TrainingError.labelOutOfRange(label: label, classCount: trainingSet.classCount)
        }
        if let targets = trainingSet.softTargets?.probabilities,
            targets.rows != trainingSet.count || targets.cols != trainingSet.classCount
        {
            throw TrainingError.invalidRecipe(
                "soft targets are \(targets.rows)×\(targets.cols), expected "
                    + "\(trainingSet.count)×\(trainingSet.classCount)")
        }
        var architecture = recipe.architecture
        for defense in defenses { architecture = defense.adjust(architecture, summary: &summary) }
        if case .graph(let graph) = architecture,
            graph.inputWidth != trainingSet.features.cols || graph.classes != trainingSet.classCount
        {
            throw TrainingError.invalidRecipe(
                "\(graph.name) takes \(graph.inputWidth) features and gives \(graph.classes) "
                    + "classes; the data has \(trainingSet.features.cols) and "
                    + "\(trainingSet.classCount)")
        }
        let estimate = Trainer.memoryEstimate(
            architecture: architecture, optimizer: recipe.optimizer, batchSize: recipe.batchSize,
            perSampleGradients: defenses.contains { $0.needsPerSampleGradients },
            inputWidth: trainingSet.features.cols, classes: trainingSet.classCount,
            rows: trainingSet.count)
        try memoryBudget.check(neededBytes: estimate.bytes, parameter: estimate.parameter)
        var network = architecture.build(
            inputWidth: trainingSet.features.cols, classes: trainingSet.classCount, rng: &initRNG)
        var optimizer = recipe.optimizer.make(parameterCount: network.parameterCount)
        let perSample = defenses.contains { $0.needsPerSampleGradients }
        let sampling = defenses.compactMap(\.batchSampling).last ?? .shuffled
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        let n = trainingSet.count
        let batchesPerEpoch: Int
        switch sampling {
        case .shuffled: batchesPerEpoch = (n + recipe.batchSize - 1) / recipe.batchSize
        case .poisson(let rate): batchesPerEpoch = max(1, Int((1 / rate).rounded(.up)))
        }
        summary.trainingExamples = n
        // The batch's rows are gathered into one buffer reused for every batch; layers reuse
        // their own buffers too (see `Layer.releaseCaches`), so a step allocates only small
        // per-row vectors.
        var batchFeatures = Matrix(rows: 0, cols: 0)
        for epoch in 0..<recipe.epochs {
            var epochLoss = 0.0
            var epochCount = 0
            let order = sampling == .shuffled ? batchRNG.permutation(n) : []
            for b in 0..<batchesPerEpoch {
                try cancellation?.check()
                let indices: [Int]
                switch sampling {
                case .shuffled:
                    indices = Array(
                        order[(b * recipe.batchSize)..<min((b + 1) * recipe.batchSize, n)])
                case .poisson(let rate):
                    indices = Trainer.poissonSample(count: n, rate: rate, rng: &batchRNG)
                }
                trainingSet.features.gatherRows(indices, into: &batchFeatures)
                var batch = Batch(
                    features: batchFeatures,
                    labels: indices.map { trainingSet.labels[$0] },
                    sampleWeights: trainingSet.sampleWeights.map { w in indices.map { w[$0] } },
                    indices: indices,
                    softTargets: trainingSet.softTargets?.probabilities.gatherRows(indices),
                    sensitive: trainingSet.sensitive.compactMapValues { values in
                        values.count == n ? indices.map { values[$0] } : nil
                    })
                for i in defenses.indices {
                    defenses[i].transformBatch(&batch, network: network, rng: &defenseRNG)
                }
                if batch.labels.isEmpty {
                    // An empty Poisson batch still takes a (noise-only) step, as the analysis assumes.
                    var noRows: [Float] = []
                    startSummedGradient(
                        &gradients, rowScale: &noRows, defenses: &defenses, rng: &defenseRNG)
                    for i in defenses.indices {
                        defenses[i].transformSummedGradient(
                            &gradients, batchSize: 0, rng: &defenseRNG)
                    }
                    optimizer.step(parameters: &network.parameters, gradients: gradients)
                    summary.steps += 1
                    continue
                }
                let logits = network.forward(batch.features, training: true, rng: &defenseRNG)
                var loss: LossResult
                if let targets = batch.softTargets, let kind = trainingSet.softTargets?.loss {
                    loss = Loss.softTargets(
                        logits: logits, targets: targets, loss: kind, weights: batch.sampleWeights)
                } else {
                    loss = Loss.softmaxCrossEntropy(
                        logits: logits, labels: batch.labels, weights: batch.sampleWeights)
                }
                var extra = 0.0
                for i in defenses.indices {
                    extra += defenses[i].addLoss(
                        logits: logits, batch: batch, logitGradient: &loss.gradient,
                        rng: &defenseRNG)
                }
                if perSample {
                    // Per-sample gradients of each ℓᵢ (not of the mean): undo the 1/batch.
                    loss.gradient.scale(by: Float(batch.labels.count))
                }
                network.backwardForParameterGradients(loss.gradient)
                if perSample {
                    var info = PerSampleGradients(
                        squaredNorms: network.perSampleSquaredGradientNorms(
                            batch: batch.labels.count),
                        rowScale: [Float](repeating: 1, count: batch.labels.count))
                    for i in defenses.indices { defenses[i].scalePerSampleGradients(&info) }
                    startSummedGradient(
                        &gradients, rowScale: &info.rowScale, defenses: &defenses,
                        rng: &defenseRNG)
                    network.accumulateParameterGradients(rowScale: info.rowScale, into: &gradients)
                    for i in defenses.indices {
                        defenses[i].transformSummedGradient(
                            &gradients, batchSize: batch.labels.count, rng: &defenseRNG)
                    }
                } else {
                    gradients.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    network.accumulateParameterGradients(into: &gradients)
                }
                optimizer.step(parameters: &network.parameters, gradients: gradients)
                network.releaseCaches(keepingWorkspaces: true)
                summary.steps += 1
                let batchLoss = loss.value + extra
                guard batchLoss.isFinite else { throw TrainingError.diverged(epoch: epoch + 1) }
                epochLoss += batchLoss * Double(batch.labels.count)
                epochCount += batch.labels.count
            }
            let meanLoss = epochCount > 0 ? epochLoss / Double(epochCount) : 0
            summary.epochLosses.append(meanLoss)
            summary.epochs = epoch + 1
            progress?(
                ProgressUpdate(
                    stage: "training \(recipe.architecture.label)", completed: epoch + 1,
                    total: recipe.epochs, detail: "loss \(String(format3: meanLoss))"))
        }
        network.releaseCaches(keepingWorkspaces: false)
        for defense in defenses {
            defense.finish(summary: &summary, recipe: recipe, trainingSetSize: n)
        }
        return TrainedModel(
            network: network, architecture: architecture, label: recipe.label, summary: summary)
    }
}

extension Trainer {
    /// The summed gradient's starting value: the first defense that supplies one (DP-SGD's
    /// noise), else zero.
    private func startSummedGradient(
        _ gradients: inout [Float], rowScale: inout [Float], defenses: inout [any TrainingDefense],
        rng: inout SeededGenerator
    ) {
        for i in defenses.indices
        where defenses[i].startSummedGradient(&gradients, rowScale: &rowScale, rng: &rng) {
            return
        }
        gradients.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Each of 0..<count independently with probability `rate`, by geometric skips.
    ///
    /// The gap to the next included index is ⌊log U / log(1 − rate)⌋, so the cost is
    /// proportional to the sample (q·N draws), not to N.
    static func poissonSample(count: Int, rate: Double, rng: inout SeededGenerator) -> [Int] {
        if rate >= 1 { return Array(0..<count) }
        if rate <= 0 { return [] }
        var indices: [Int] = []
        indices.reserveCapacity(Int(Double(count) * rate * 1.2) + 8)
        let logKeep = Math.log(1 - rate)
        var position = -1
        while true {
            var u = rng.uniformDouble()
            while u <= 0 { u = rng.uniformDouble() }
            let gap = (Math.log(u) / logKeep).rounded(.down)
            if gap >= Double(count) { break }
            position += Int(gap) + 1
            if position >= count { break }
            indices.append(position)
        }
        return indices
    }
}

extension String {
    /// A number with three decimals, without Foundation.
    init(format3 value: Double) {
        guard value.isFinite else {
            self = "\(value)"
            return
        }
        let scaled = (abs(value) * 1000).rounded()
        let whole = Int(scaled / 1000)
        let fraction = Int(scaled) % 1000
        let padded =
            String(fraction).count < 3
            ? String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
            : String(fraction)
        self = (value < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
