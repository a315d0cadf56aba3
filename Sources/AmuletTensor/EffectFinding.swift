/// What repeated measurements say about a change, read with a smallest effect of interest.
///
/// - `effect`: the (family-wise adjusted) p-value is below α, so the CI excludes zero, and
///   the observed |Δ| is at least the smallest effect of interest;
/// - `noEffect`: equivalence within ± the smallest effect, by two one-sided tests (TOST) at α
///   (the 1 − 2α CI lies inside ± the threshold);
/// - `inconclusive`: neither (too few runs, too much spread, or a significant change smaller
///   than the threshold that is not shown equivalent);
/// - `notMeasurable`: a number rests on a degenerate model, so no verdict is drawn.
///
/// Significance without size is never an effect: a significant Δ of 0.001 AUC is `noEffect`
/// when its CI lies inside ±0.01. Reference: Lakens, "Equivalence tests", Social
/// Psychological and Personality Science 8(4) (2017).
public enum EffectFinding: String, Sendable, Equatable, Codable {
    /// A change at least the smallest effect of interest, CI excluding zero.
    case effect
    /// Equivalent to no change within the smallest effect of interest.
    case noEffect = "no effect"
    /// Neither.
    case inconclusive
    /// Measured on a degenerate model.
    case notMeasurable = "not measurable"

    /// The finding for a test, given the smallest effect of interest and the p-values to use
    /// (adjusted for multiplicity by the caller, or the test's own when nil).
    /// - Parameters:
    ///   - test: The test; nil when there were too few runs (inconclusive).
    ///   - threshold: The smallest effect of interest (> 0).
    ///   - pValue: The p-value of a difference; the test's own when nil.
    ///   - equivalencePValue: The TOST p-value; the test's own at `threshold` when nil.
    ///   - alpha: The level, 0.05 by default.
    ///   - flagged: Whether any number rests on a degenerate model.
    public init(
        test: MeanDifferenceTest?, threshold: Double, pValue: Double? = nil,
        equivalencePValue: Double? = nil, alpha: Double = 0.05, flagged: Bool = false
    ) {
        if flagged {
            self = .notMeasurable
            return
        }
        guard let test else {
            self = .inconclusive
            return
        }
        let p = pValue ?? test.pValue
        let equivalence = equivalencePValue ?? test.equivalencePValue(margin: threshold)
        if p < alpha && abs(test.difference) >= threshold {
            self = .effect
        } else if equivalence < alpha {
            self = .noEffect
        } else {
            self = .inconclusive
        }
    }
}
