import AmuletTensor

/// One run of the training loop: the state `Trainer.train` carries from the defenses'
/// preparation through every epoch to the finished model.
///
/// The random streams are fixed by the recipe's seed and drawn in one order — the defenses'
/// preparation, the initial weights, then per epoch the batch order and per batch the
/// defenses' draws (batch transforms, dropout, DP-SGD's noise) — so a seed gives the same bits
/// whichever way the loop is cut into functions.
struct TrainingRun {
    let recipe: Recipe
    private(set) var summary = TrainingSummary()
    private var defenses: [any TrainingDefense]
    private var trainingSet: TrainingSet
    private let architecture: Architecture
    private var network: Network
    private var optimizer: any Optimizer
    private var gradients: [Float]
    private let perSample: Bool
    private let sampling: BatchSampling
    private let batchesPerEpoch: Int
    private var batchRNG: SeededGenerator
    private var defenseRNG: SeededGenerator
    /// The batch's rows, gathered into one buffer reused for every batch; layers reuse their
    /// own buffers too (`Layer.releaseCaches`), so a step allocates only small per-row vectors.
    private var batchFeatures = Matrix(rows: 0, cols: 0)

    /// Prepares the run: the defenses transform the training set and adjust the architecture,
    /// the data and memory are checked, and the network is built with its initial weights.
    init(
        recipe: Recipe, data: TrainingSet, memoryBudget: MemoryBudget,
        cancellation: CancellationToken?
    ) throws {
        guard recipe.epochs >= 0, recipe.batchSize >= 1 else {
            throw TrainingError.invalidRecipe("epochs must be ≥ 0 and batch size ≥ 1")
        }
        self.recipe = recipe
        let rng = SeededGenerator(seed: recipe.seed)
        var initRNG = rng.derived(1)
        batchRNG = rng.derived(2)
        defenseRNG = rng.derived(3)
        defenses = recipe.defenses
        trainingSet = data
        for i in defenses.indices {
            try defenses[i].prepare(
                &trainingSet, recipe: recipe, rng: &defenseRNG, summary: &summary,
                cancellation: cancellation)
        }
        try Self.validate(trainingSet)
        var adjusted = recipe.architecture
        for defense in defenses { adjusted = defense.adjust(adjusted, summary: &summary) }
        architecture = adjusted
        if case .graph(let graph) = architecture,
            graph.inputWidth != trainingSet.features.cols || graph.classes != trainingSet.classCount
        {
            throw TrainingError.invalidRecipe(
                "\(graph.name) takes \(graph.inputWidth) features and gives \(graph.classes) "
                    + "classes; the data has \(trainingSet.features.cols) and "
                    + "\(trainingSet.classCount)")
        }
        perSample = defenses.contains { $0.needsPerSampleGradients }
        let estimate = Trainer.memoryEstimate(
            architecture: architecture, optimizer: recipe.optimizer, batchSize: recipe.batchSize,
            perSampleGradients: perSample, inputWidth: trainingSet.features.cols,
            classes: trainingSet.classCount, rows: trainingSet.count)
        try memoryBudget.check(neededBytes: estimate.bytes, parameter: estimate.parameter)
        network = architecture.build(
            inputWidth: trainingSet.features.cols, classes: trainingSet.classCount, rng: &initRNG)
        optimizer = recipe.optimizer.make(parameterCount: network.parameterCount)
        gradients = [Float](repeating: 0, count: network.parameterCount)
        sampling = defenses.compactMap(\.batchSampling).last ?? .shuffled
        let n = trainingSet.count
        switch sampling {
        case .shuffled: batchesPerEpoch = (n + recipe.batchSize - 1) / recipe.batchSize
        case .poisson(let rate): batchesPerEpoch = max(1, Int((1 / rate).rounded(.up)))
        }
        summary.trainingExamples = n
    }

    /// A training set the loop can use: rows, labels in range, soft targets of its shape.
    private static func validate(_ trainingSet: TrainingSet) throws {
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
    }

    /// Runs epoch `epoch` (0-based) and returns its mean training loss.
    mutating func runEpoch(_ epoch: Int, cancellation: CancellationToken?) throws -> Double {
        var epochLoss = 0.0
        var epochCount = 0
        let n = trainingSet.count
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
            guard let (loss, rows) = try step(on: indices) else { continue }
            guard loss.isFinite else { throw TrainingError.diverged(epoch: epoch + 1) }
            epochLoss += loss * Double(rows)
            epochCount += rows
        }
        let meanLoss = epochCount > 0 ? epochLoss / Double(epochCount) : 0
        summary.epochLosses.append(meanLoss)
        summary.epochs = epoch + 1
        return meanLoss
    }

    /// One optimizer step on the rows `indices`; returns the batch's loss and row count, or
    /// nil when the defenses left the batch empty (a noise-only step).
    private mutating func step(on indices: [Int]) throws -> (loss: Double, rows: Int)? {
        trainingSet.features.gatherRows(indices, into: &batchFeatures)
        let n = trainingSet.count
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
            startSummedGradient(rowScale: &noRows)
            for i in defenses.indices {
                defenses[i].transformSummedGradient(&gradients, batchSize: 0, rng: &defenseRNG)
            }
            optimizer.step(parameters: &network.parameters, gradients: gradients)
            summary.steps += 1
            return nil
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
                logits: logits, batch: batch, logitGradient: &loss.gradient, rng: &defenseRNG)
        }
        accumulateGradients(of: &loss, rows: batch.labels.count)
        optimizer.step(parameters: &network.parameters, gradients: gradients)
        network.releaseCaches(keepingWorkspaces: true)
        summary.steps += 1
        return (loss.value + extra, batch.labels.count)
    }

    /// Backward from the loss's logit gradient into `gradients`: the plain sum, or per-sample
    /// clipped (through row scales of each layer's output gradient) and transformed by the
    /// defenses when one needs per-sample gradients (DP-SGD).
    private mutating func accumulateGradients(of loss: inout LossResult, rows: Int) {
        if perSample {
            // Per-sample gradients of each ℓᵢ (not of the mean): undo the 1/batch.
            loss.gradient.scale(by: Float(rows))
        }
        network.backwardForParameterGradients(loss.gradient)
        guard perSample else {
            gradients.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            network.accumulateParameterGradients(into: &gradients)
            return
        }
        var info = PerSampleGradients(
            squaredNorms: network.perSampleSquaredGradientNorms(batch: rows),
            rowScale: [Float](repeating: 1, count: rows))
        for i in defenses.indices { defenses[i].scalePerSampleGradients(&info) }
        startSummedGradient(rowScale: &info.rowScale)
        network.accumulateParameterGradients(rowScale: info.rowScale, into: &gradients)
        for i in defenses.indices {
            defenses[i].transformSummedGradient(&gradients, batchSize: rows, rng: &defenseRNG)
        }
    }

    /// The summed gradient's starting value: the first defense that supplies one (DP-SGD's
    /// noise), else zero.
    private mutating func startSummedGradient(rowScale: inout [Float]) {
        for i in defenses.indices
        where defenses[i].startSummedGradient(&gradients, rowScale: &rowScale, rng: &defenseRNG) {
            return
        }
        gradients.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// The trained model, after the defenses reported into the summary.
    mutating func finish() -> TrainedModel {
        network.releaseCaches(keepingWorkspaces: false)
        for defense in defenses {
            defense.finish(summary: &summary, recipe: recipe, trainingSetSize: trainingSet.count)
        }
        return TrainedModel(
            network: network, architecture: architecture, label: recipe.label, summary: summary)
    }
}
