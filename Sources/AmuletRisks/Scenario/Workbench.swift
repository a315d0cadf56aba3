import AmuletData
import AmuletLearn
import Foundation
import Synchronization

/// Trains and remembers models: in memory for the session, on disk in the model cache.
///
/// A model is keyed by the dataset identity, the training rows and the recipe, so the same
/// scenario trained twice is trained once, across commands and across runs.
public struct Workbench: Sendable {
    /// The on-disk cache, or nil to keep models in memory only.
    public var cache: ModelCache?
    /// Models trained in this session, by key.
    public let memory: ModelMemory
    /// Progress of long work.
    public var progress: ProgressReporter?
    /// Polled by training loops.
    public var cancellation: CancellationToken?
    /// Times each model this workbench trains (not those from memory or the cache); nil for
    /// none.
    public var clock: TrainingClock?
    /// Records the health of every model this workbench hands out for a scenario, so an
    /// experiment can flag numbers resting on a plug-in's own near-constant models; nil for
    /// none.
    public var healthLog: ModelHealthLog?

    /// A workbench.
    public init(
        cache: ModelCache?, memory: ModelMemory = ModelMemory(), progress: ProgressReporter? = nil,
        cancellation: CancellationToken? = nil, clock: TrainingClock? = nil
    ) {
        self.cache = cache
        self.memory = memory
        self.progress = progress
        self.cancellation = cancellation
        self.clock = clock
    }

    /// The model for `recipe` on `rows` of the scenario's training split (members by default).
    public func model(
        _ recipe: Recipe, scenario: Scenario, rows: [Int]? = nil
    ) throws -> (model: TrainedModel, fromCache: Bool) {
        let trainingRows = rows ?? scenario.memberIndices
        let key = ModelCache.key(
            datasetIdentity: scenario.data.identity, memberIndices: trainingRows, recipe: recipe)
        return try model(recipe, key: key, test: scenario.data.test) {
            scenario.trainingSet(rows: trainingRows)
        }
    }

    /// Runs `work`, a training outside the model cache (an attack's own model, such as a
    /// meta-classifier or an attribute-inference network), timed on `clock` when there is one,
    /// so every model an experiment trains counts in its training time.
    public func timeTraining<Result>(_ work: () throws -> Result) rethrows -> Result {
        try clock.time(work)
    }

    /// The model for `recipe` on the training set `makeTrainingSet` builds, remembered under
    /// `key`.
    ///
    /// The key must name everything that set depends on (a surrogate's key names the target it
    /// copies). With `test` and a `healthLog`, the model's health on `test` is recorded.
    public func model(
        _ recipe: Recipe, key: String, test: Dataset? = nil,
        trainingSet makeTrainingSet: () throws -> TrainingSet
    ) throws -> (model: TrainedModel, fromCache: Bool) {
        let result = try untrackedModel(recipe, key: key, trainingSet: makeTrainingSet)
        if let healthLog, let test {
            healthLog.record(ModelHealth(network: result.model.network, test: test))
        }
        return result
    }

    private func untrackedModel(
        _ recipe: Recipe, key: String, trainingSet makeTrainingSet: () throws -> TrainingSet
    ) throws -> (model: TrainedModel, fromCache: Bool) {
        if let remembered = memory.model(key) { return (remembered, true) }
        let trainer = Trainer(progress: progress, cancellation: cancellation)
        let clock = clock
        func train() throws -> TrainedModel {
            try clock.time { try trainer.train(recipe, on: makeTrainingSet()) }
        }
        let result: (model: TrainedModel, fromCache: Bool)
        if let cache {
            result = try cache.model(key: key, train: train)
        } else {
            result = (try train(), false)
        }
        memory.remember(result.model, key: key)
        return result
    }
}

/// The health of the models a plug-in trained during one evaluation (a resource shared by
/// the copies of a workbench its workers use).
public final class ModelHealthLog: Sendable {
    private let storage = Mutex<[ModelHealth]>([])

    /// An empty log.
    public init() {}

    /// Records one model's health.
    public func record(_ health: ModelHealth) {
        storage.withLock { $0.append(health) }
    }

    /// Every model recorded, in the order recorded.
    public var models: [ModelHealth] { storage.withLock { $0 } }

    /// The recorded models that are degenerate.
    public var degenerate: [ModelHealth] { models.filter(\.isDegenerate) }
}

/// The session's in-memory model store (a resource shared by copies of a workbench).
public final class ModelMemory: Sendable {
    private let storage = Mutex<[String: TrainedModel]>([:])

    /// An empty store.
    public init() {}

    /// The model under `key`.
    public func model(_ key: String) -> TrainedModel? {
        storage.withLock { $0[key] }
    }

    /// Remembers `model` under `key`.
    public func remember(_ model: TrainedModel, key: String) {
        storage.withLock { $0[key] = model }
    }

    /// Every model held, ordered by label and then key, so listings are stable.
    public var models: [TrainedModel] {
        storage.withLock { stored in
            stored.sorted { ($0.value.label, $0.key) < ($1.value.label, $1.key) }.map(\.value)
        }
    }

    /// Number of models held.
    public var count: Int { storage.withLock { $0.count } }

    /// Forgets every model.
    public func clear() { storage.withLock { $0.removeAll() } }
}
