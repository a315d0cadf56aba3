import AmuletLearn
import AmuletTensor
import Dispatch
import Synchronization

extension Workbench {
    /// Trains declared models into the model cache ahead of the command that needs them, so
    /// that command (perhaps in another process sharing the cache) loads them instead.
    ///
    /// Only trainings that declare their rows and whose key is the workbench key of those rows
    /// (`Workbench.model(_:scenario:rows:)`) are trained: the command then finds exactly the
    /// entry it would have written, with the same bytes, since a model depends only on its
    /// recipe, its seed and its rows. Models already in the cache (or, when `remember`, in
    /// memory) are skipped. Up to `threads` train at once, fewer when they would not fit in
    /// memory together, with OpenBLAS single-threaded inside each, as shadow models train.
    ///
    /// - Parameters:
    ///   - trainings: The models, in the order to train them.
    ///   - scenario: The scenario whose training split their rows index.
    ///   - threads: Worker threads.
    ///   - remember: Whether to keep the models in this session's memory too (the process
    ///     will use them itself) or only in the cache (another process will).
    /// - Returns: How many models were trained here (not found in memory or the cache).
    /// - Throws: The first error a training threw (out of memory, cancelled).
    public func pretrain(
        _ trainings: [ModelTraining], scenario: Scenario, threads: Int, remember: Bool
    ) throws -> Int {
        guard let cache else { return 0 }
        let pending = trainings.filter { training in
            guard let key = Self.pretrainingKey(training, scenario: scenario) else {
                return false
            }
            return !cache.contains(key) && memory.model(key) == nil
        }
        guard let first = pending.first, let firstRows = first.rowIndices else { return 0 }
        let train = scenario.data.train
        let perModel = Trainer.memoryEstimate(
            architecture: first.recipe.architecture, optimizer: first.recipe.optimizer,
            batchSize: first.recipe.batchSize,
            perSampleGradients: first.recipe.defenses.contains { $0.needsPerSampleGradients },
            inputWidth: train.features.cols, classes: train.classCount, rows: firstRows.count)
        let workers = ShadowModels.parallelWorkers(
            requested: max(1, min(threads, pending.count)), perModelBytes: perModel.bytes,
            budget: .physical())
        let report = progress
        let stage = "models ahead of their command"
        let trained = Mutex(0)
        let done = Mutex(0)
        let failure = Mutex<(any Error)?>(nil)
        report?(ProgressUpdate(stage: stage, completed: 0, total: pending.count))
        // Quiet per model; a fresh memory per model when the cache alone should keep it.
        let base = Workbench(
            cache: cache, memory: memory, cancellation: cancellation, clock: clock)
        BLASThreads.withSerialProducts(when: workers > 1) {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: pending.count, by: workers) {
                    if failure.withLock({ $0 != nil }) { return }
                    let training = pending[index]
                    let workbench =
                        remember
                        ? base
                        : Workbench(
                            cache: cache, memory: ModelMemory(), cancellation: cancellation,
                            clock: clock)
                    do {
                        let result = try workbench.model(
                            training.recipe, scenario: scenario, rows: training.rowIndices)
                        if !result.fromCache { trained.withLock { $0 += 1 } }
                        let count = done.withLock { finished -> Int in
                            finished += 1
                            return finished
                        }
                        report?(
                            ProgressUpdate(stage: stage, completed: count, total: pending.count))
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                        return
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return trained.withLock { $0 }
    }

    /// The key `training` is cached under when it can be trained ahead of time: it declares
    /// its rows, and its key is the one the workbench gives those rows; nil otherwise.
    public static func pretrainingKey(_ training: ModelTraining, scenario: Scenario) -> String? {
        guard let rows = training.rowIndices, let key = training.key,
            rows.allSatisfy({ $0 >= 0 && $0 < scenario.data.train.count }),
            key
                == ModelCache.key(
                    datasetIdentity: scenario.data.identity, memberIndices: rows,
                    recipe: training.recipe)
        else { return nil }
        return key
    }
}
