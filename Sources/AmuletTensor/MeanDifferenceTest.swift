import Foundation

/// The one test of a difference of means that `compare`, the interaction matrix, `tune`, the
/// report and the attacks use: a paired t-test where pairs exist, Welch's t-test otherwise.
///
/// Paired (the same repetition seed on both sides): dᵢ = treatedᵢ − referenceᵢ,
/// t = d̄ / (s_d/√n), ν = n − 1. Welch: t = (x̄ₜ − x̄ᵣ) / √(s²ᵣ/nᵣ + s²ₜ/nₜ), with the
/// Welch–Satterthwaite ν = (s²ᵣ/nᵣ + s²ₜ/nₜ)² / ((s²ᵣ/nᵣ)²/(nᵣ − 1) + (s²ₜ/nₜ)²/(nₜ − 1)).
/// Variances use n − 1. The test also gives the confidence interval of the difference, the
/// two one-sided tests of equivalence within a margin (TOST) and the repetitions a t-test
/// needs for 80% power against a given effect at the observed spread.
///
/// Reference: Student, Biometrika 6 (1908); Welch, Biometrika 34 (1947); Schuirmann,
/// J. Pharmacokinetics and Biopharmaceutics 15 (1987) for TOST; Cohen, "Statistical Power
/// Analysis for the Behavioral Sciences", 2nd ed. (1988), ch. 2 for power. Expected values
/// in the tests come from SciPy (`scripts/reference/statistics.py`).
public struct MeanDifferenceTest: Sendable, Equatable {
    /// Which test was used; its `name` goes in the footnote.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Student's t-test on paired differences.
        case paired
        /// Welch's unequal-variances t-test on two independent samples.
        case welch

        /// The name a footnote gives.
        public var name: String {
            switch self {
            case .paired: "paired t-test"
            case .welch: "Welch's t-test"
            }
        }
    }

    /// Which test.
    public var kind: Kind
    /// mean(treated) − mean(reference) (the mean paired difference when paired).
    public var difference: Double
    /// The standard error of `difference`.
    public var standardError: Double
    /// The degrees of freedom of the t statistic.
    public var degreesOfFreedom: Double
    /// difference / standardError (±∞ or 0 when the standard error is 0).
    public var statistic: Double
    /// The two-sided p-value.
    public var pValue: Double
    /// P(T ≥ t): small when the treated mean is larger (the one-sided test).
    public var pValueGreater: Double
    /// Pairs (paired) or the smaller sample's size (Welch).
    public var sampleSize: Int
    /// The spread behind a power estimate: the SD of the differences (paired) or the pooled
    /// SD √((s²ᵣ + s²ₜ)/2) (Welch, equal group sizes).
    public var spread: Double

    /// The paired test of `treated` against `reference` (equal counts, the i-th of each from
    /// one repetition); nil with fewer than two pairs or unequal counts.
    public init?(paired reference: [Double], _ treated: [Double]) {
        guard reference.count == treated.count else { return nil }
        self.init(differences: zip(treated, reference).map { $0 - $1 })
    }

    /// The paired test of the differences treated − reference; nil with fewer than two.
    public init?(differences: [Double]) {
        guard differences.count >= 2 else { return nil }
        let n = Double(differences.count)
        let sd = Statistics.standardDeviation(differences, ddof: 1)
        self.init(
            kind: .paired, difference: Statistics.mean(differences),
            standardError: sd / n.squareRoot(), degreesOfFreedom: n - 1,
            sampleSize: differences.count, spread: sd)
    }

    /// Welch's test of `treated` against `reference`; nil when either has fewer than two
    /// values.
    public init?(welch reference: [Double], _ treated: [Double]) {
        guard reference.count >= 2, treated.count >= 2 else { return nil }
        let nr = Double(reference.count)
        let nt = Double(treated.count)
        let vr = Statistics.variance(reference, ddof: 1)
        let vt = Statistics.variance(treated, ddof: 1)
        let a = vr / nr
        let b = vt / nt
        let denominator = a * a / (nr - 1) + b * b / (nt - 1)
        self.init(
            kind: .welch, difference: Statistics.mean(treated) - Statistics.mean(reference),
            standardError: (a + b).squareRoot(),
            degreesOfFreedom: denominator > 0 ? (a + b) * (a + b) / denominator : nr + nt - 2,
            sampleSize: min(reference.count, treated.count), spread: ((vr + vt) / 2).squareRoot())
    }

    /// The paired test when the samples are paired (`paired` true and equal counts), else
    /// Welch's; nil when neither has enough values.
    public init?(reference: [Double], treated: [Double], paired: Bool) {
        if paired, let test = Self(paired: reference, treated) {
            self = test
        } else if let test = Self(welch: reference, treated) {
            self = test
        } else {
            return nil
        }
    }

    private init(
        kind: Kind, difference: Double, standardError: Double, degreesOfFreedom: Double,
        sampleSize: Int, spread: Double
    ) {
        self.kind = kind
        self.difference = difference
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.sampleSize = sampleSize
        self.spread = spread
        if standardError > 0 {
            statistic = difference / standardError
            pValue = StudentTDistribution.twoSidedPValue(
                statistic, degreesOfFreedom: degreesOfFreedom)
            pValueGreater =
                1 - StudentTDistribution.cdf(statistic, degreesOfFreedom: degreesOfFreedom)
        } else {
            // No spread at all: identical means are no evidence, different ones certain.
            statistic = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
            pValue = difference == 0 ? 1 : 0
            pValueGreater = difference > 0 ? 0 : (difference < 0 ? 1 : 0.5)
        }
    }

    /// Half-width of the two-sided confidence interval of `difference` at `level`:
    /// t_{(1+level)/2}(ν)·SE.
    public func confidenceHalfWidth(level: Double = 0.95) -> Double {
        guard standardError > 0 else { return 0 }
        return StudentTDistribution.quantile((1 + level) / 2, degreesOfFreedom: degreesOfFreedom)
            * standardError
    }

    /// Whether the difference is significant: p < `level`.
    public func isSignificant(at level: Double = 0.05) -> Bool {
        pValue < level
    }

    /// The p-value of equivalence within ±`margin` by two one-sided tests (TOST).
    ///
    /// The larger of P(T ≥ (d + margin)/SE) and P(T ≤ (d − margin)/SE); below α exactly when
    /// the (1 − 2α) confidence interval lies inside ±margin.
    public func equivalencePValue(margin: Double) -> Double {
        guard standardError > 0 else { return abs(difference) < margin ? 0 : 1 }
        let lower =
            1
            - StudentTDistribution.cdf(
                (difference + margin) / standardError, degreesOfFreedom: degreesOfFreedom)
        let upper = StudentTDistribution.cdf(
            (difference - margin) / standardError, degreesOfFreedom: degreesOfFreedom)
        return max(lower, upper)
    }

    /// The power of this kind of test with `n` repetitions (pairs, or values per side) to
    /// detect a true difference `effect` at two-sided level `alpha`, at the observed spread.
    ///
    /// Paired: ν = n − 1, λ = effect·√n/s_d. Welch (equal sizes, as Cohen's d): ν = 2n − 2,
    /// λ = effect/(s·√(2/n)). Power = P(T′ > t_crit) + P(T′ < −t_crit) with T′ ~ t(ν, λ).
    public func power(repetitions n: Int, effect: Double, alpha: Double = 0.05) -> Double {
        guard n >= 2 else { return .nan }
        let count = Double(n)
        let nu = kind == .paired ? count - 1 : 2 * count - 2
        guard spread > 0 else { return effect == 0 ? alpha : 1 }
        let lambda =
            kind == .paired
            ? effect * count.squareRoot() / spread : effect / (spread * (2 / count).squareRoot())
        let critical = StudentTDistribution.quantile(1 - alpha / 2, degreesOfFreedom: nu)
        return 1
            - NoncentralTDistribution.cdf(critical, degreesOfFreedom: nu, noncentrality: lambda)
            + NoncentralTDistribution.cdf(-critical, degreesOfFreedom: nu, noncentrality: lambda)
    }

    /// The fewest repetitions (pairs, or values per side) with at least `target` power to
    /// detect `effect` at the observed spread; nil beyond `limit`.
    public func repetitionsNeeded(
        effect: Double, target: Double = 0.8, alpha: Double = 0.05, limit: Int = 10_000
    ) -> Int? {
        guard effect > 0 else { return nil }
        // Power rises with n: double to bracket, then bisect.
        var high = 2
        while power(repetitions: high, effect: effect, alpha: alpha) < target {
            if high >= limit { return nil }
            high = min(high * 2, limit)
        }
        var low = high / 2
        if low < 2 || power(repetitions: low, effect: effect, alpha: alpha) >= target {
            return low < 2 ? 2 : low
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            if power(repetitions: middle, effect: effect, alpha: alpha) >= target {
                high = middle
            } else {
                low = middle
            }
        }
        return high
    }
}
