import AmuletLearn
import AmuletTensor
import Testing

@testable import AmuletRisks

@Suite struct NoisePrefetchTests {
    @Test func prefetchedNoiseIsTheInPlaceDrawsAndLeavesTheGeneratorWhereTheyWould() {
        let start = SeededGenerator(seed: 11).derived(3)
        var inPlace = start
        var expected = [Float](repeating: 0, count: 1_001)
        inPlace.fillNormal(&expected, std: 0.7)
        let prefetch = NoisePrefetch()
        prefetch.start(count: 1_001, std: 0.7, rng: start)
        var rng = start
        var noise = [Float](repeating: 0, count: 1_001)
        #expect(prefetch.finish(into: &noise, rng: &rng))
        #expect(noise == expected)
        #expect(rng == inPlace)
        #expect(rng.next() == inPlace.next())
    }

    @Test func aGeneratorThatMovedMeanwhileRejectsThePrefetchForGood() {
        let start = SeededGenerator(seed: 12)
        let prefetch = NoisePrefetch()
        prefetch.start(count: 64, std: 1, rng: start)
        var rng = start
        _ = rng.next()  // another consumer drew within the step (dropout, say)
        let moved = rng
        var noise = [Float](repeating: 0, count: 64)
        #expect(!prefetch.finish(into: &noise, rng: &rng))
        #expect(rng == moved)
        #expect(noise.allSatisfy { $0 == 0 })
        #expect(prefetch.disabled)
        prefetch.start(count: 64, std: 1, rng: rng)
        #expect(!prefetch.finish(into: &noise, rng: &rng))
    }

    /// A DP-SGD training run is bit-for-bit the same with the noise drawn on another thread
    /// and drawn in place, with and without dropout (which draws from the same generator).
    @Test(arguments: [0.0, 0.2])
    func trainingIsIdenticalWithAndWithoutPrefetch(dropout: Double) throws {
        var rng = SeededGenerator(seed: 5)
        var x = Matrix(rows: 300, cols: 6)
        for i in x.storage.indices { x.storage[i] = rng.normal(mean: 0, std: 1) }
        let labels = (0..<300).map { r in x[r, 0] + x[r, 3] > 0 ? 1 : 0 }
        let set = TrainingSet(features: x, labels: labels, classCount: 2)
        var recipe = Recipe(
            architecture: .mlp(hidden: [16, 8], batchNorm: false, dropout: dropout), epochs: 3,
            batchSize: 32, seed: 9)
        var defense = DPSGDDefense(
            clipNorm: 1, noiseMultiplier: 1.1, delta: 1e-5, samplingRate: 32.0 / 300,
            targetEpsilon: nil)
        recipe.defenses = [defense]
        let prefetched = try Trainer().train(recipe, on: set)
        defense.prefetchesNoise = false
        recipe.defenses = [defense]
        let inPlace = try Trainer().train(recipe, on: set)
        #expect(prefetched.network.parameters == inPlace.network.parameters)
        #expect(prefetched.summary.steps == inPlace.summary.steps)
        // The noise matters: a different seed gives different weights.
        recipe.seed = 10
        let other = try Trainer().train(recipe, on: set)
        #expect(other.network.parameters != inPlace.network.parameters)
    }
}
