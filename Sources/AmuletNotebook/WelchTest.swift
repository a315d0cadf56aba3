import AmuletTensor

/// Welch's unequal-variances t-test between two samples, such as a metric's repetitions under
/// the baseline and under a defense.
///
/// t = (x̄₂ − x̄₁) / √(s₁²/n₁ + s₂²/n₂), with Welch–Satterthwaite degrees of freedom
/// ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)) and a two-sided p-value
/// from Student's t with ν degrees of freedom.
///
/// Reference: Welch, "The generalization of 'Student's' problem when several different
/// population variances are involved", Biometrika 34 (1947); Satterthwaite, Biometrics
/// Bulletin 2 (1946).
public struct WelchTest: Sendable, Equatable {
    /// The t statistic, positive when the second sample's mean is larger.
    public var statistic: Double
    /// The Welch–Satterthwaite degrees of freedom.
    public var degreesOfFreedom: Double
    /// The two-sided p-value.
    public var pValue: Double

    /// Tests `second` against `first`; nil when either sample has fewer than two values.
    ///
    /// When both samples have zero variance the test is degenerate: identical means give
    /// t = 0 and p = 1, different means give t = ±∞ and p = 0.
    public init?(_ first: [Double], _ second: [Double]) {
        guard first.count >= 2, second.count >= 2 else { return nil }
        let n1 = Double(first.count)
        let n2 = Double(second.count)
        let difference = Statistics.mean(second) - Statistics.mean(first)
        let share1 = Statistics.variance(first, ddof: 1) / n1
        let share2 = Statistics.variance(second, ddof: 1) / n2
        let standardError = (share1 + share2).squareRoot()
        guard standardError > 0 else {
            statistic = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
            degreesOfFreedom = n1 + n2 - 2
            pValue = difference == 0 ? 1 : 0
            return
        }
        statistic = difference / standardError
        degreesOfFreedom =
            (share1 + share2) * (share1 + share2)
            / (share1 * share1 / (n1 - 1) + share2 * share2 / (n2 - 1))
        pValue = StudentTDistribution.twoSidedPValue(statistic, degreesOfFreedom: degreesOfFreedom)
    }

    /// Whether the difference is significant: p < `level` (0.05 by default).
    public func isSignificant(at level: Double = 0.05) -> Bool {
        pValue < level
    }
}
