import AmuletLearn
import AmuletTensor
import Foundation
import Testing

@Suite struct CheckpointTests {
    func model() -> TrainedModel {
        var rng = SeededGenerator(seed: 1)
        let arch = Architecture.mlp(hidden: [4, 3], batchNorm: true, dropout: 0)
        var summary = TrainingSummary()
        summary.privacy = PrivacySpent(
            epsilon: 0.98, delta: 1e-5, noiseMultiplier: 1.1, samplingRate: 0.01, steps: 300,
            clipNorm: 1)
        return TrainedModel(
            network: arch.build(inputWidth: 5, classes: 2, rng: &rng), architecture: arch,
            label: "mlp-4-3+bn", summary: summary)
    }

    @Test func roundTripPreservesWeightsStateAndSummary() throws {
        let original = model()
        let decoded = try Checkpoint.decode(try Checkpoint.encode(original))
        #expect(decoded.network.parameters == original.network.parameters)
        #expect(decoded.network.state == original.network.state)
        #expect(decoded.summary == original.summary)
        #expect(decoded.label == original.label)
        let x = Matrix([[0.1, 0.2, 0.3, 0.4, 0.5]])
        #expect(decoded.network.logits(x) == original.network.logits(x))
    }

    @Test func corruptedCheckpointIsRejected() throws {
        var data = try Checkpoint.encode(model())
        let middle = data.count / 2
        data[middle] ^= 0x01
        #expect(throws: Checkpoint.Error.checksumMismatch) { try Checkpoint.decode(data) }
        #expect(throws: Checkpoint.Error.self) { try Checkpoint.decode(data.prefix(20)) }
        #expect(throws: Checkpoint.Error.notACheckpoint) {
            try Checkpoint.decode(Data(repeating: 7, count: 100))
        }
    }

    @Test func cacheReturnsStoredModelAndDropsCorruptEntries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = ModelCache(directory: folder)
        let recipe = Recipe(architecture: .logisticRegression, seed: 3)
        let key = ModelCache.key(
            datasetIdentity: "synthetic|x", memberIndices: [1, 2, 3], recipe: recipe)
        #expect(
            key
                != ModelCache.key(
                    datasetIdentity: "synthetic|x", memberIndices: [1, 2, 4], recipe: recipe))
        #expect(
            key
                == ModelCache.key(
                    datasetIdentity: "synthetic|x", memberIndices: [1, 2, 3], recipe: recipe))
        var trainings = 0
        let first = try cache.model(key: key) {
            trainings += 1; return model()
        }
        let second = try cache.model(key: key) {
            trainings += 1; return model()
        }
        #expect(!first.fromCache && second.fromCache && trainings == 1)
        #expect(cache.statistics().entries == 1)
        // Corrupt the file: the next lookup retrains instead of trusting it.
        let file = folder.appendingPathComponent(key + ".amuletmodel")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: file)
        let third = try cache.model(key: key) {
            trainings += 1; return model()
        }
        #expect(!third.fromCache && trainings == 2)
    }

    @Test func swappedCacheEntriesAreRetrainedNotServedUnderTheOtherKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = ModelCache(directory: folder)
        let mlp = model()
        var rng = SeededGenerator(seed: 2)
        let logreg = TrainedModel(
            network: Architecture.logisticRegression.build(inputWidth: 5, classes: 2, rng: &rng),
            architecture: .logisticRegression, label: "logreg", summary: TrainingSummary())
        let mlpKey = ModelCache.key(
            datasetIdentity: "d", memberIndices: [0], recipe: Recipe(architecture: mlp.architecture)
        )
        let logregKey = ModelCache.key(
            datasetIdentity: "d", memberIndices: [0],
            recipe: Recipe(architecture: .logisticRegression))
        try cache.store(mlp, key: mlpKey)
        try cache.store(logreg, key: logregKey)
        #expect(cache.load(logregKey)?.label == "logreg")
        // Swap the two files, as a copy or rename gone wrong would.
        let mlpFile = folder.appendingPathComponent(mlpKey + ".amuletmodel")
        let logregFile = folder.appendingPathComponent(logregKey + ".amuletmodel")
        let mlpBytes = try Data(contentsOf: mlpFile)
        try Data(contentsOf: logregFile).write(to: mlpFile)
        try mlpBytes.write(to: logregFile)
        #expect(cache.load(logregKey) == nil)
        #expect(!FileManager.default.fileExists(atPath: logregFile.path))
        var trainings = 0
        let retrained = try cache.model(key: mlpKey) {
            trainings += 1
            return mlp
        }
        #expect(!retrained.fromCache && trainings == 1)
        #expect(cache.load(mlpKey)?.label == mlp.label)
    }

    @Test func entryWithoutAKeyIsNotTrustedByTheCache() throws {
        let data = try Checkpoint.encode(model())
        #expect(throws: Checkpoint.Error.keyMismatch(expected: "k", found: nil)) {
            try Checkpoint.decode(data, cacheKey: "k")
        }
        #expect(try Checkpoint.decode(data).label == "mlp-4-3+bn")
    }
}
