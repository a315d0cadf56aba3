import AmuletTensor

/// Draws subsets of a pool of rows in which a binary attribute has a chosen ratio.
///
/// A population model of ratio r trains on `size` rows of which round(r·size) have the
/// attribute and the rest do not, drawn without replacement. Every model of an attack trains
/// on the same number of rows whatever its ratio, so the attack cannot tell the populations
/// apart by how much data a model saw, only by what the data held. The Python Amulet filters
/// then subsamples in the same spirit (`filter` and `heuristic` in its distribution
/// inference); this sampler hits the ratio exactly instead of retrying draws until it is close.
/// Reference: Suri & Evans, "Formalizing and Estimating Distribution Inference Risks",
/// PETS 2022, section 5.
struct RatioSampler: Sendable {
    /// Rows of the pool whose attribute is 1.
    var withAttribute: [Int]
    /// Rows of the pool whose attribute is 0.
    var withoutAttribute: [Int]

    /// A sampler over `pool` (indices into a split) given that split's 0/1 `attribute` values.
    init(pool: [Int], attribute: [Int]) {
        withAttribute = pool.filter { attribute[$0] == 1 }
        withoutAttribute = pool.filter { attribute[$0] != 1 }
    }

    /// The most rows a subset of ratio `ratio` can have: both groups must have enough rows.
    func largestSize(ratio: Double) -> Int {
        let positives = Double(withAttribute.count)
        let negatives = Double(withoutAttribute.count)
        var size = positives + negatives
        if ratio > 0 { size = min(size, positives / ratio) }
        if ratio < 1 { size = min(size, negatives / (1 - ratio)) }
        return Int(size.rounded(.down))
    }

    /// How many of `size` rows carry the attribute at `ratio`.
    static func attributeCount(size: Int, ratio: Double) -> Int {
        Int((Double(size) * ratio).rounded())
    }

    /// `size` rows, round(ratio·size) of them with the attribute, in increasing order.
    ///
    /// - Precondition: `size ≤ largestSize(ratio:)` (callers size every draw from it).
    func sample(size: Int, ratio: Double, rng: inout SeededGenerator) -> [Int] {
        let positives = min(Self.attributeCount(size: size, ratio: ratio), withAttribute.count)
        let negatives = min(size - positives, withoutAttribute.count)
        let chosenPositive = rng.sampleWithoutReplacement(positives, from: withAttribute.count)
        let chosenNegative = rng.sampleWithoutReplacement(negatives, from: withoutAttribute.count)
        return
            (chosenPositive.map { withAttribute[$0] } + chosenNegative.map { withoutAttribute[$0] })
            .sorted()
    }
}
