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
        return try model(recipe, key: key) { scenario.trainingSet(rows: trainingRows) }
    }

    /// Runs `work`, a training outside the model cache (an attack's own model, such as a
    /// meta-classifier or an attribute-inference network), timed on `clock` when there is one,
    /// so every model an experiment trains counts in its training time.
    public func timeTraining<Result>(_ work: () throws -> Result) rethrows -> Result {
        try clock.time(work)
    }

    /// The model for `recipe` on the training set `makeTrainingSet` builds, remembered under
    /// `key`, which must name everything that set depends on (a surrogate's key names the
    /// target it copies).
    public func model(
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
