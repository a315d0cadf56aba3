/// A seeded, splittable pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// There is no global generator: every random choice in Amulet takes one of these `inout`.
/// `derived(_:)` gives an independent child stream for a (seed, index) pair, so shadow model
/// 7 gets the same stream whether it trains first or last. The bits-to-float conversions are
/// our own (`Float(x >> 40) * 0x1p-24`), so results do not depend on the standard library's
/// undocumented `Float.random(in:using:)`.
///
/// References: Blackman & Vigna, "Scrambled Linear Pseudorandom Number Generators" (2021);
/// Steele, Lea & Flood, "Fast Splittable Pseudorandom Number Generators" (OOPSLA 2014).
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Hashable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    /// The seed this generator was created from.
    public let seed: UInt64

    /// Creates a generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        var mixer = SplitMix64(state: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
        if state == (0, 0, 0, 0) { state.0 = 1 }
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// An independent generator for child `index` of this generator's seed.
    public func derived(_ index: UInt64) -> SeededGenerator {
        SeededGenerator(seed: SeededGenerator.deriveSeed(seed, index))
    }

    /// A child seed from (seed, index), stable across runs and platforms.
    public static func deriveSeed(_ seed: UInt64, _ index: UInt64) -> UInt64 {
        var mixer = SplitMix64(state: seed ^ (index &* 0x9E37_79B9_7F4A_7C15))
        _ = mixer.next()
        return mixer.next() ^ index
    }

    public static func == (lhs: SeededGenerator, rhs: SeededGenerator) -> Bool {
        lhs.state == rhs.state && lhs.seed == rhs.seed
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(seed)
        hasher.combine(state.0)
        hasher.combine(state.1)
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64, used only to expand a seed into xoshiro state.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    /// A uniform Float in [0, 1) with 24 random bits.
    public mutating func uniformFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform Float in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * uniformFloat()
    }

    /// A uniform integer in 0..<bound (Lemire's unbiased multiply-shift rejection).
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0, "integer(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A standard normal draw (Box–Muller, in Double for accuracy in the tails).
    public mutating func normal() -> Double {
        var u1 = uniformDouble()
        while u1 <= Double.leastNormalMagnitude { u1 = uniformDouble() }
        let u2 = uniformDouble()
        return (-2 * Math.log(u1)).squareRoot() * Math.cos(2 * Double.pi * u2)
    }

    /// A normal draw with the given mean and standard deviation, as Float.
    public mutating func normal(mean: Float, std: Float) -> Float {
        mean + std * Float(normal())
    }

    /// Fills `buffer` with normal draws of the given standard deviation (no allocation), by
    /// the ziggurat method (see `NormalZiggurat`): DP-SGD draws one per parameter per step.
    public mutating func fillNormal(_ buffer: inout [Float], std: Float) {
        let seed = next()
        buffer.withUnsafeMutableBufferPointer { out in
            NormalZiggurat.tables.fill(out, std: std, seed: seed)
        }
    }

    /// A uniform Double in (0, 1), for logarithms.
    public mutating func uniformOpenDouble() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool {
        uniformDouble() < p
    }

    /// A uniformly random permutation of 0..<count (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var result = Array(0..<count)
        shuffle(&result)
        return result
    }

    /// Shuffles `array` in place (Fisher–Yates with our own integer draws).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = integer(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// `count` distinct indices from 0..<population, in random order.
    public mutating func sampleWithoutReplacement(_ count: Int, from population: Int) -> [Int] {
        precondition(count <= population, "cannot sample more than the population")
        var pool = Array(0..<population)
        for i in 0..<count {
            let j = i + integer(below: population - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<count])
    }

    /// `count` indices from 0..<population, drawn independently (with replacement).
    public mutating func sampleWithReplacement(_ count: Int, from population: Int) -> [Int] {
        (0..<count).map { _ in integer(below: population) }
    }
}
