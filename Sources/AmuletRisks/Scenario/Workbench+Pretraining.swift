import AmuletLearn

extension Workbench {
    /// Trains declared models into the model cache ahead of the command that needs them, so
    /// that command (perhaps in another process sharing the cache) loads them instead.
    ///
    /// Only trainings that declare their rows and whose key is the workbench key of those rows
    /// (`Workbench.model(_:scenario:rows:)`) are trained: the command then finds exactly the
    /// entry it would have written, with the same bytes, since a model depends only on its
    /// recipe, its seed and its rows. Models already in the cache (or, when `remember`, in
    /// memory) are skipped. They train as a `ModelPopulation`: up to `threads` at once.
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
        let jobs = pending.compactMap { training in
            training.rowIndices.map { PopulationJob(recipe: training.recipe, rows: $0) }
        }
        let results = try ModelPopulation.train(
            jobs, scenario: scenario, workbench: self, threads: threads,
            stage: "models ahead of their command", remember: remember)
        return results.filter { !$0.fromCache }.count
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
