import AmuletTensor

/// Student's t distribution: its CDF and two-sided p-values, for any positive degrees of freedom.
///
/// With x = ν / (ν + t²), the two-sided tail probability is P(|T| > |t|) = I_x(ν/2, ½), where
/// I is the regularized incomplete beta function. Non-integer ν (as from Welch–Satterthwaite)
/// is fine.
///
/// Reference: Press et al., "Numerical Recipes", 3rd ed., §6.4 and §6.14 (2007).
public enum StudentTDistribution {
    /// P(T ≤ t) for T ~ t(ν); nan when ν ≤ 0 or an argument is nan.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN, !nu.isNaN else { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// P(|T| ≥ |t|) for T ~ t(ν), the two-sided p-value of a t statistic.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN, !nu.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        return regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// The regularized incomplete beta function I_x(a, b) for 0 ≤ x ≤ 1 and a, b > 0.
    ///
    /// I_x(a, b) = xᵃ(1−x)ᵇ / (a·B(a, b)) · 1/(1+ d₁/(1+ d₂/(1+ …))), the continued fraction
    /// evaluated by the modified Lentz method. It converges fast for x < (a+1)/(a+b+2); above
    /// that the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) is used.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        if x == 0 || x == 1 { return x }
        let logFront =
            Math.lgamma(a + b) - Math.lgamma(a) - Math.lgamma(b) + a * Math.log(x)
            + b * Math.log1p(-x)
        let front = Math.exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b), by the modified Lentz method (NR's `betacf`).
    ///
    /// Even terms d₂ₘ = m(b−m)x / ((a+2m−1)(a+2m)); odd terms
    /// d₂ₘ₊₁ = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)).
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-15
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < epsilon { break }
        }
        return h
    }
}
