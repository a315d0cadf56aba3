import AmuletTensor

/// The privacy loss random variable (PRV) of one step of the Poisson-subsampled Gaussian
/// mechanism: the log-likelihood ratio L = log(P(o)/Q(o)) for o drawn from P, where
/// P = (1 − q)·N(0, σ²) + q·N(1, σ²) and Q = N(0, σ²) (the dominating pair for DP-SGD with
/// sensitivity 1 after clipping).
///
/// Its CDF has a closed form: with z = log((eᵗ + q − 1)/q) for t > log(1 − q),
/// F(t) = 1 − (q/2)·erfc((2zσ² − 1)/(2√2σ)) − ((1 − q)/2)·erfc((2zσ² + 1)/(2√2σ)),
/// and F(t) = 0 below log(1 − q) (the loss can never be that small).
///
/// Reference: Gopi, Lee & Wutschitz, "Numerical Composition of Differential Privacy",
/// NeurIPS 2021, propositions B1 and B4; as in Opacus's `PoissonSubsampledGaussianPRV`.
struct SubsampledGaussianPRV: Sendable {
    /// Poisson sampling rate q.
    var samplingRate: Double
    /// Noise multiplier σ.
    var noiseMultiplier: Double

    /// The CDF F(t) = P(L ≤ t).
    func cdf(_ t: Double) -> Double {
        let q = samplingRate
        let sigma = noiseMultiplier
        guard t > Math.log1p(-q) else { return 0 }
        let z = Math.log((Math.exp(t) + q - 1) / q)
        let scale = 2 * 2.0.squareRoot() * sigma
        let s2 = 2 * z * sigma * sigma
        return 1 - q * Math.erfc((s2 - 1) / scale) / 2 - (1 - q) * Math.erfc((s2 + 1) / scale) / 2
    }

    /// The mean of L truncated to [low, high] (renormalised), by E[L] = high − ∫ F_trunc dt.
    ///
    /// The integral runs by adaptive Simpson between breakpoints that crowd geometrically
    /// towards 0 (where, for small q, nearly all the mass sits), as Opacus places its
    /// quadrature points; each piece is integrated to an absolute 1e-14.
    func truncatedMean(low: Double, high: Double) -> Double {
        let base = cdf(low)
        let mass = cdf(high) - base
        let truncated = { (t: Double) -> Double in
            t < low ? 0 : (t < high ? (cdf(t) - base) / mass : 1)
        }
        var points = [low, high, 0, Math.log1p(-samplingRate)]
        for k in 0...14 {
            let magnitude = Math.exp(Math.log(10) * Double(-10 + k))
            points += [magnitude, -magnitude]
        }
        let sorted = Array(Set(points.filter { $0 >= low && $0 <= high })).sorted()
        var integral = 0.0
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            integral += AdaptiveSimpson.integrate(truncated, from: a, to: b, tolerance: 1e-14)
        }
        return high - integral
    }
}

/// Adaptive Simpson quadrature with Richardson correction.
///
/// Splits [a, b] until the two half-interval Simpson sums agree with the whole to 15·tolerance,
/// always splitting at least four times so a narrow feature between the first samples is seen.
/// Reference: Lyness, "Notes on the Adaptive Simpson Quadrature Routine", JACM 16 (1969).
enum AdaptiveSimpson {
    /// ∫ₐᵇ f.
    static func integrate(
        _ f: (Double) -> Double, from a: Double, to b: Double, tolerance: Double
    ) -> Double {
        let fa = f(a)
        let fb = f(b)
        let fm = f((a + b) / 2)
        let whole = (b - a) / 6 * (fa + 4 * fm + fb)
        return step(f, a, b, fa, fm, fb, whole, tolerance, depth: 0)
    }

    private static func step(
        _ f: (Double) -> Double, _ a: Double, _ b: Double, _ fa: Double, _ fm: Double,
        _ fb: Double, _ whole: Double, _ tolerance: Double, depth: Int
    ) -> Double {
        let m = (a + b) / 2
        let flm = f((a + m) / 2)
        let frm = f((m + b) / 2)
        let left = (m - a) / 6 * (fa + 4 * flm + fm)
        let right = (b - m) / 6 * (fm + 4 * frm + fb)
        let difference = left + right - whole
        if depth >= 4 && (abs(difference) <= 15 * tolerance || depth >= 50) {
            return left + right + difference / 15
        }
        return step(f, a, m, fa, flm, fm, left, tolerance / 2, depth: depth + 1)
            + step(f, m, b, fm, frm, fb, right, tolerance / 2, depth: depth + 1)
    }
}
