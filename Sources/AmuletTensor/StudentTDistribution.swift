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

    /// The p-quantile t with P(T ≤ t) = p for T ~ t(ν): the inverse of `cdf`, to about 1e-13.
    ///
    /// Solves I_x(ν/2, ½) = 2·min(p, 1 − p) on the two-sided tail, so upper quantiles keep full
    /// relative precision (1 − p is never formed from a CDF near 1). The root in t is bracketed
    /// by doubling from t = 1, then found by Newton steps on the tail, whose derivative is
    /// −2·f(t) with f the density; a step that leaves the bracket is replaced by bisection, so
    /// it converges for every ν > 0 (including the Cauchy case ν = 1). nan when p ∉ (0, 1) or
    /// ν ≤ 0; ±∞ at p = 1 or 0.
    ///
    /// Reference: Hill, "Algorithm 396: Student's t-quantiles", CACM 13(10), 1970 (the
    /// tail-probability formulation); Press et al., "Numerical Recipes", 3rd ed., §9.4.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !p.isNaN, !nu.isNaN, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let target = 2 * min(p, 1 - p)
        let sign: Double = p > 0.5 ? 1 : -1
        // Bracket: tail(low) ≥ target > tail(high); the tail falls from 1 at t = 0 to 0 at ∞.
        var low = 0.0
        var high = 1.0
        while twoSidedPValue(high, degreesOfFreedom: nu) > target {
            low = high
            high *= 2
            if !high.isFinite { return sign * .infinity }
        }
        let logNormalizer =
            Math.lgamma((nu + 1) / 2) - Math.lgamma(nu / 2) - 0.5 * Math.log(nu * Double.pi)
        var t = (low + high) / 2
        for _ in 0..<200 {
            let excess = twoSidedPValue(t, degreesOfFreedom: nu) - target
            if excess == 0 { break }
            if excess > 0 { low = t } else { high = t }
            let density = Math.exp(logNormalizer - (nu + 1) / 2 * Math.log1p(t * t / nu))
            var next = t + excess / (2 * density)
            if !(next > low && next < high) { next = (low + high) / 2 }
            let step = abs(next - t)
            t = next
            if step <= 1e-15 * t || high - low <= 1e-15 * high { break }
        }
        return sign * t
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
