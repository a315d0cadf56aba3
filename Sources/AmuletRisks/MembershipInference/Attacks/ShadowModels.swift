import AmuletLearn
import AmuletTensor
import Dispatch
import Synchronization

/// Shadow models for LiRA: each trained with the target's recipe on a random half of the
/// training split, in parallel, with OpenBLAS single-threaded inside each worker.
///
/// Inclusion follows Carlini et al. and the Python Amulet: for every example, a random half of
/// the shadows include it (`pkeep` = ½), so each example has as many "in" as "out" models.
struct ShadowModels {
    /// keep[i][j]: whether shadow i trained on example j of the training split.
    var keep: [[Bool]]
    /// scores[i][j]: shadow i's scaled-logit score of example j.
    var scores: [[Double]]

    /// Trains (or recalls from the cache) `count` shadows of `recipe` and scores every example.
    static func train(
        count: Int, recipe: Recipe, scenario: Scenario, context: RunContext
    ) throws -> ShadowModels {
        let n = scenario.data.train.count
        let keep = inclusion(count: count, examples: n, seed: context.seed)
        let features = scenario.data.train.features
        let labels = scenario.data.train.labels
        var quiet = context.workbench
        let report = quiet.progress
        quiet.progress = nil
        let results = Mutex<[Int: [Double]]>([:])
        let failure = Mutex<(any Error)?>(nil)
        let perModel = Trainer.memoryEstimate(
            architecture: recipe.architecture, optimizer: recipe.optimizer,
            batchSize: recipe.batchSize,
            perSampleGradients: recipe.defenses.contains { $0.needsPerSampleGradients },
            inputWidth: features.cols, classes: scenario.data.train.classCount, rows: n)
        let workers = parallelWorkers(
            requested: max(1, min(context.threads, count)), perModelBytes: perModel.bytes,
            budget: .physical())
        let keepRows = keep
        let workbench = quiet
        report?(ProgressUpdate(stage: "shadow models", completed: 0, total: count))
        // Parallel workers keep their products on their own threads; the bits are the same.
        BLASThreads.withSerialProducts(when: workers > 1) {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for shadow in stride(from: worker, to: count, by: workers) {
                    if failure.withLock({ $0 != nil }) { return }
                    let shadowRecipe = Self.recipe(of: shadow, target: recipe)
                    let rows = keepRows[shadow].indices.filter { keepRows[shadow][$0] }
                    do {
                        let model = try workbench.model(
                            shadowRecipe, scenario: scenario, rows: rows
                        )
                        .model
                        let scores = MembershipScores.scaledLogits(
                            model.network.logits(features), labels: labels)
                        let done = results.withLock { stored -> Int in
                            stored[shadow] = scores
                            return stored.count
                        }
                        report?(
                            ProgressUpdate(stage: "shadow models", completed: done, total: count))
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                        return
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let stored = results.withLock { $0 }
        return ShadowModels(keep: keep, scores: (0..<count).map { stored[$0] ?? [] })
    }

    /// keep[i][j]: whether shadow i trains on example j; each example is in a random half.
    static func inclusion(count: Int, examples n: Int, seed: UInt64) -> [[Bool]] {
        var rng = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 0x5348_4144))
        var keep = [[Bool]](repeating: [Bool](repeating: false, count: n), count: count)
        let inCount = count / 2
        for j in 0..<n {
            let draws = (0..<count).map { _ in rng.uniformDouble() }
            let order = draws.indices.sorted { draws[$0] < draws[$1] }
            for rank in 0..<inCount { keep[order[rank]][j] = true }
        }
        return keep
    }

    /// Shadow `index`'s recipe: the target's with its own seed.
    static func recipe(of index: Int, target: Recipe) -> Recipe {
        var shadowRecipe = target
        shadowRecipe.seed = SeededGenerator.deriveSeed(target.seed, UInt64(1000 + index))
        return shadowRecipe
    }

    /// The shadow models `train` would train, keyed as it keys them, without training any.
    static func trainings(count: Int, recipe: Recipe, scenario: Scenario, seed: UInt64)
        -> [ModelTraining]
    {
        let keep = inclusion(count: count, examples: scenario.data.train.count, seed: seed)
        return keep.indices.map { shadow in
            ModelTraining(
                purpose: "shadow model", recipe: Self.recipe(of: shadow, target: recipe),
                scenario: scenario, rows: keep[shadow].indices.filter { keep[shadow][$0] })
        }
    }

    /// How many shadows to train at once: the requested threads, fewer when that many models
    /// would not fit in `budget` together (at least one; training then checks that one fits).
    static func parallelWorkers(requested: Int, perModelBytes: Int, budget: MemoryBudget) -> Int {
        let fitting = budget.availableBytes / max(perModelBytes, 1)
        return max(1, min(requested, fitting))
    }
}
