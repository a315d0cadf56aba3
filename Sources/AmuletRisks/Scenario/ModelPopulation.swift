import AmuletLearn
import AmuletTensor
import Synchronization

/// One model of a population to train: its recipe and training rows.
struct PopulationJob: Sendable {
    /// The recipe, with the model's own seed.
    var recipe: Recipe
    /// Indices into the scenario's training split.
    var rows: [Int]
}

/// Trains many models at once, like LiRA's shadow models.
///
/// Parallel workers keep their products on their own threads, and every model goes through
/// the workbench (so the model cache keeps it under its dataset, rows and recipe, and a second
/// run trains nothing). Distribution inference's populations and a sharded run's models
/// trained ahead both come through here.
///
/// Results are stored by job index, so they do not depend on which worker trained which model.
enum ModelPopulation {
    /// The trained (or recalled) model of every job, in job order.
    static func train(
        _ jobs: [PopulationJob], scenario: Scenario, context: RunContext, stage: String
    ) throws -> [TrainedModel] {
        try train(
            jobs, scenario: scenario, workbench: context.workbench, threads: context.threads,
            stage: stage
        ).map(\.model)
    }

    /// Every job's model and whether it came from memory or the cache, in job order.
    ///
    /// Up to `threads` workers train at once on the current `SplitWorker` pool (as many as it
    /// has CPUs), fewer when their models would not fit in memory together. With `remember` false each model goes to the cache only, not to the
    /// workbench's memory (another process will use it).
    static func train(
        _ jobs: [PopulationJob], scenario: Scenario, workbench: Workbench, threads: Int,
        stage: String, remember: Bool = true
    ) throws -> [(model: TrainedModel, fromCache: Bool)] {
        guard let first = jobs.first else { return [] }
        var quiet = workbench
        let report = quiet.progress
        quiet.progress = nil
        let base = quiet
        let perModel = Trainer.memoryEstimate(
            architecture: first.recipe.architecture, optimizer: first.recipe.optimizer,
            batchSize: first.recipe.batchSize,
            perSampleGradients: first.recipe.defenses.contains { $0.needsPerSampleGradients },
            inputWidth: scenario.data.train.features.cols,
            classes: scenario.data.train.classCount, rows: first.rows.count)
        let workers = parallelWorkers(
            requested: max(1, min(threads, jobs.count)), perModelBytes: perModel.bytes,
            budget: .physical())
        let results = Mutex<[Int: (model: TrainedModel, fromCache: Bool)]>([:])
        let failure = Mutex<(any Error)?>(nil)
        report?(ProgressUpdate(stage: stage, completed: 0, total: jobs.count))
        // Each worker's products run whole on its thread (the pool is busy); the bits are
        // the same.
        SplitWorker.forEach(iterations: workers) { worker in
            for index in stride(from: worker, to: jobs.count, by: workers) {
                if failure.withLock({ $0 != nil }) { return }
                var workbench =
                    remember
                    ? base
                    : Workbench(
                        cache: base.cache, memory: ModelMemory(),
                        cancellation: base.cancellation, clock: base.clock)
                workbench.healthLog = base.healthLog
                do {
                    let result = try workbench.model(
                        jobs[index].recipe, scenario: scenario, rows: jobs[index].rows)
                    let done = results.withLock { stored -> Int in
                        stored[index] = result
                        return stored.count
                    }
                    report?(ProgressUpdate(stage: stage, completed: done, total: jobs.count))
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                    return
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let stored = results.withLock { $0 }
        return try jobs.indices.map { index in
            guard let result = stored[index] else {
                throw ScenarioError.invalid("\(stage): model \(index + 1) was not trained")
            }
            return result
        }
    }

    /// How many models to train at once: the requested threads, fewer when that many models
    /// would not fit in `budget` together (at least one; training then checks that one fits).
    static func parallelWorkers(requested: Int, perModelBytes: Int, budget: MemoryBudget) -> Int {
        let fitting = budget.availableBytes / max(perModelBytes, 1)
        return max(1, min(requested, fitting))
    }
}
