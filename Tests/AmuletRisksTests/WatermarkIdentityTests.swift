import AmuletLearn
import AmuletRisks
import AmuletTensor
import Testing

/// A watermark's trigger seed derives from the recipe's seed: repetitions under different
/// seeds must pool (one label, one matrix row) while their models stay apart in the cache.
@Suite struct WatermarkIdentityTests {
    func recipe(seed: UInt64) -> Recipe {
        let watermark = WatermarkDefense(
            size: 100, seed: SeededGenerator.deriveSeed(seed, 0x5741_5445))
        return Recipe(
            architecture: .mlp(hidden: [8], batchNorm: false, dropout: 0), seed: seed,
            defenses: [watermark])
    }

    @Test func repetitionsShareTheirLabelAndPoolingKeyButNotTheirCacheKey() {
        let first = recipe(seed: 1)
        let second = recipe(seed: 2)
        #expect(first.identity != second.identity)
        #expect(first.identityIgnoringSeed == second.identityIgnoringSeed)
        #expect(first.label == second.label)
        #expect(first.label.hasSuffix("watermark(size=100)"))
        // The trigger seed is still part of what the cache keys a model by.
        #expect(first.defenses[0].identity.contains("seed="))
    }
}
