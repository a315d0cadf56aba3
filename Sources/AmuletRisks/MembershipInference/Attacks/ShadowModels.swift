import AmuletLearn
import AmuletTensor

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
    ///
    /// The shadows are a `ModelPopulation`: trained in parallel workers, stored by index, each
    /// through the workbench and its cache.
    static func train(
        count: Int, recipe: Recipe, scenario: Scenario, context: RunContext
    ) throws -> ShadowModels {
        let keep = inclusion(count: count, examples: scenario.data.train.count, seed: context.seed)
        let jobs = keep.indices.map { shadow in
            PopulationJob(
                recipe: Self.recipe(of: shadow, target: recipe),
                rows: keep[shadow].indices.filter { keep[shadow][$0] })
        }
        let models = try ModelPopulation.train(
            jobs, scenario: scenario, context: context, stage: "shadow models")
        let train = scenario.data.train
        let scores = try models.map { model in
            try context.workbench.cancellation?.check()
            return MembershipScores.scaledLogits(
                model.network.logits(train.features), labels: train.labels)
        }
        return ShadowModels(keep: keep, scores: scores)
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

}
