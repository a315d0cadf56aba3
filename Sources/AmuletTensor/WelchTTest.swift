/// Welch's unequal-variance t-test of whether one sample's mean exceeds another's.
///
/// t = (x̄ − ȳ) / √(s²ₓ/nₓ + s²ᵧ/nᵧ) with sample variances (n − 1 in the denominator) and
/// Welch–Satterthwaite degrees of freedom ν = (s²ₓ/nₓ + s²ᵧ/nᵧ)² /
/// ((s²ₓ/nₓ)²/(nₓ − 1) + (s²ᵧ/nᵧ)²/(nᵧ − 1)). The one-sided p-value is P(T ≥ t) under
/// T ~ t(ν), as `scipy.stats.ttest_ind(x, y, equal_var=False, alternative="greater")` gives.
///
/// Reference: Welch, "The generalization of 'Student's' problem when several different
/// population variances are involved", Biometrika 34 (1947).
public struct WelchTTest: Sendable, Equatable {
    /// The t statistic.
    public var statistic: Double
    /// Welch–Satterthwaite degrees of freedom.
    public var degreesOfFreedom: Double
    /// P(T ≥ t): small when the first sample's mean is larger.
    public var pValueGreater: Double
    /// x̄ − ȳ.
    public var meanDifference: Double

    /// The test of mean(x) > mean(y); nan values when either sample has fewer than 2 values.
    public init(_ x: [Double], greaterThan y: [Double]) {
        let meanX = Statistics.mean(x)
        let meanY = Statistics.mean(y)
        meanDifference = meanX - meanY
        guard x.count >= 2, y.count >= 2 else {
            statistic = .nan
            degreesOfFreedom = .nan
            pValueGreater = .nan
            return
        }
        let a = Statistics.variance(x, ddof: 1) / Double(x.count)
        let b = Statistics.variance(y, ddof: 1) / Double(y.count)
        let standardError = (a + b).squareRoot()
        guard standardError > 0 else {
            statistic = meanDifference == 0 ? 0 : (meanDifference > 0 ? .infinity : -.infinity)
            degreesOfFreedom = Double(x.count + y.count - 2)
            pValueGreater = meanDifference > 0 ? 0 : (meanDifference < 0 ? 1 : 0.5)
            return
        }
        statistic = meanDifference / standardError
        degreesOfFreedom =
            (a + b) * (a + b)
            / (a * a / Double(x.count - 1) + b * b / Double(y.count - 1))
        pValueGreater = 1 - StudentTDistribution.cdf(statistic, degreesOfFreedom: degreesOfFreedom)
    }
}
