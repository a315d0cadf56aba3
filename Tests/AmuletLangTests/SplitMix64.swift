/// A small seeded generator for reproducible random tests.
///
/// Reference: G. L. Steele, D. Lea and C. H. Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014; constants from Vigna's public-domain `splitmix64.c`.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// Creates a generator whose whole output is fixed by `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0), by rejection so there is no modulo bias.
    mutating func nextInt(below bound: Int) -> Int {
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let bits = next()
            if bits >= threshold { return Int(bits % limit) }
        }
    }

    /// A uniformly chosen element of a non-empty array.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[nextInt(below: elements.count)]
    }
}
