import AmuletTensor
import Glibc
import Testing

@Suite struct SeededGeneratorTests {
    @Test func sameSeedGivesSameStream() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        let first = (0..<100).map { _ in a.next() }
        let second = (0..<100).map { _ in b.next() }
        #expect(first == second)
        var c = SeededGenerator(seed: 43)
        #expect((0..<100).map { _ in c.next() } != first)
    }

    @Test func derivedStreamsDependOnlyOnSeedAndIndex() {
        let parent = SeededGenerator(seed: 9)
        var early = parent.derived(7)
        var advanced = parent
        for _ in 0..<1000 { _ = advanced.next() }
        var late = advanced.derived(7)
        #expect(early.next() == late.next())
        var other = parent.derived(8)
        #expect(parent.derived(7).seed != other.seed)
        _ = other.next()
    }

    @Test func uniformHasMeanHalfAndVarianceOneTwelfth() {
        var rng = SeededGenerator(seed: 1)
        let draws = (0..<200_000).map { _ in rng.uniformFloat() }
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(Statistics.mean(draws) - 0.5) < 0.005)
        #expect(abs(Statistics.variance(draws) - 1.0 / 12) < 0.002)
    }

    @Test func normalHasMeanZeroVarianceOneAndGaussianTails() {
        var rng = SeededGenerator(seed: 2)
        var draws = [Float](repeating: 0, count: 200_001)
        rng.fillNormal(&draws, std: 1)
        #expect(abs(Statistics.mean(draws)) < 0.01)
        #expect(abs(Statistics.variance(draws) - 1) < 0.02)
        // P(|Z| > 1.96) = 0.05 for a standard normal.
        let tail = Double(draws.filter { abs($0) > 1.96 }.count) / Double(draws.count)
        #expect(abs(tail - 0.05) < 0.003)
    }

    /// The ziggurat's three paths (rectangle, wedge, tail beyond r = 3.65) together follow the
    /// normal CDF: a Kolmogorov–Smirnov distance far below the 1% critical value 1.63/√n, and
    /// P(|Z| > 3.8) = 1.447e-4 (Abramowitz & Stegun 26.2), which only the tail path produces.
    @Test func zigguratDrawsFollowTheNormalCDFIncludingBeyondTheBaseLayer() {
        var rng = SeededGenerator(seed: 21)
        var draws = [Float](repeating: 0, count: 1_000_000)
        rng.fillNormal(&draws, std: 1)
        let sorted = draws.map(Double.init).sorted()
        var distance = 0.0
        for (index, x) in sorted.enumerated() where index % 97 == 0 {
            let cdf = 0.5 * erfc(-x / 2.0.squareRoot())
            distance = max(distance, abs(cdf - Double(index) / Double(sorted.count)))
        }
        #expect(distance < 1.63 / Double(sorted.count).squareRoot())
        let far = Double(draws.filter { abs($0) > 3.8 }.count) / Double(draws.count)
        #expect(abs(far - 1.447e-4) < 0.4e-4)
        #expect(abs(Statistics.variance(draws) - 1) < 0.005)
    }

    @Test func normalsDrawnAheadAreTheSameWhetherTheHelperOrTheCallerDrewThem() {
        let count = 50_001
        let helped = NormalsAhead(count: count)
        helped.start(seed: 4, std: 0.5)
        // Split products in between give the helper a reason to pause its chunks.
        let m = Matrix(rows: 256, cols: 256, repeating: 0.5)
        for _ in 0..<3 { _ = Matrix.multiply(m, m) }
        let a = helped.withDraws { Array($0) }
        let serial = NormalsAhead(count: count)
        let b = BLASThreads.withSerialProducts {
            serial.start(seed: 4, std: 0.5)
            return serial.withDraws { Array($0) }
        }
        #expect(a == b)
        #expect(abs(Statistics.variance(a) - 0.25) < 0.01)
        // Chunks come from different streams: they are not copies of each other.
        let size = NormalsAhead.chunkSize
        #expect(a[0..<100] != a[size..<(size + 100)])
        // Another seed, other draws; the same buffer refilled with the first seed, the same.
        helped.start(seed: 5, std: 0.5)
        #expect(helped.withDraws { Array($0) } != a)
        helped.start(seed: 4, std: 0.5)
        #expect(helped.withDraws { Array($0) } == a)
    }

    @Test func bernoulliMatchesItsProbability() {
        var rng = SeededGenerator(seed: 3)
        let hits = (0..<100_000).filter { _ in rng.bernoulli(0.3) }.count
        #expect(abs(Double(hits) / 100_000 - 0.3) < 0.006)
    }

    @Test func permutationAndSamplingAreValid() {
        var rng = SeededGenerator(seed: 4)
        let permutation = rng.permutation(1000)
        #expect(permutation.sorted() == Array(0..<1000))
        #expect(permutation != Array(0..<1000))
        let sample = rng.sampleWithoutReplacement(50, from: 60)
        #expect(Set(sample).count == 50 && sample.allSatisfy { $0 < 60 })
        let withReplacement = rng.sampleWithReplacement(10_000, from: 10)
        // With replacement, every value appears about 1,000 times.
        for value in 0..<10 {
            #expect(abs(withReplacement.filter { $0 == value }.count - 1000) < 150)
        }
    }

    @Test func integerBelowBoundIsUniform() {
        var rng = SeededGenerator(seed: 5)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[rng.integer(below: 7)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
    }
}
