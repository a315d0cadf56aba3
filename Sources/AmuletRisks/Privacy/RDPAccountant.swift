import AmuletTensor

/// Rényi-DP accountant of the Poisson-subsampled Gaussian mechanism (DP-SGD's privacy analysis).
///
/// RDP of one step at order α is log Aα / (α − 1), with Aα computed exactly for integer α and by
/// the convergent series of Mironov, Talwar & Zhang for fractional α; steps compose additively.
/// The (ε, δ) guarantee is the minimum over orders of the conversion of Balle et al. (2020):
/// ε = RDP(α) + log((α − 1)/α) − (log δ + log α)/(α − 1), as Opacus's `get_privacy_spent`.
///
/// References: Mironov, Talwar & Zhang, "Rényi Differential Privacy of the Sampled Gaussian
/// Mechanism", arXiv:1908.10530 (2019); Balle et al., "Hypothesis Testing Interpretations and
/// Rényi Differential Privacy", AISTATS 2020; Abadi et al., "Deep Learning with Differential
/// Privacy", CCS 2016.
public enum RDPAccountant {
    /// The orders Opacus's RDP accountant uses by default: 1.1, 1.2, …, 10.9 and 12, 13, …, 63.
    public static let defaultOrders: [Double] =
        (1..<100).map { 1 + Double($0) / 10 } + (12..<64).map(Double.init)

    /// RDP of one step of the sampled Gaussian mechanism at order `alpha`.
    public static func rdp(
        samplingRate q: Double, noiseMultiplier sigma: Double, order alpha: Double
    ) -> Double {
        if q == 0 { return 0 }
        if sigma == 0 { return .infinity }
        if q == 1 { return alpha / (2 * sigma * sigma) }
        if alpha.isInfinite { return .infinity }
        let logA =
            alpha == alpha.rounded()
            ? logAInteger(q: q, sigma: sigma, alpha: Int(alpha))
            : logAFractional(q: q, sigma: sigma, alpha: alpha)
        return logA / (alpha - 1)
    }

    /// The (ε, best order) after `steps` steps, minimised over `orders`.
    public static func epsilon(
        samplingRate q: Double, noiseMultiplier sigma: Double, steps: Int, delta: Double,
        orders: [Double] = defaultOrders
    ) -> (epsilon: Double, order: Double) {
        var best = (epsilon: Double.infinity, order: orders.first ?? 0)
        for alpha in orders {
            let total = rdp(samplingRate: q, noiseMultiplier: sigma, order: alpha) * Double(steps)
            let eps =
                total + Math.log((alpha - 1) / alpha) - (Math.log(delta) + Math.log(alpha))
                / (alpha - 1)
            if eps.isFinite && eps < best.epsilon { best = (max(eps, 0), alpha) }
        }
        return best
    }

    /// The smallest noise multiplier whose RDP ε after `steps` steps is at most
    /// `targetEpsilon`, by bisection to a relative 1e-4; nil when σ = 1000 does not reach it.
    public static func noiseMultiplier(
        targetEpsilon: Double, samplingRate q: Double, steps: Int, delta: Double
    ) -> Double? {
        // Without a token nothing can cancel the calibration.
        var calibration = NoiseCalibration(
            accountant: .rdp, target: targetEpsilon, samplingRate: q, steps: steps, delta: delta,
            cancellation: nil)
        return try? calibration.noiseMultiplier()
    }

    /// log Aα for integer α: log Σᵢ C(α, i) qⁱ (1 − q)^(α−i) exp((i² − i)/(2σ²)).
    static func logAInteger(q: Double, sigma: Double, alpha: Int) -> Double {
        var logA = -Double.infinity
        for i in 0...alpha {
            let logCoefficient =
                Math.lgamma(Double(alpha + 1)) - Math.lgamma(Double(i + 1))
                - Math.lgamma(Double(alpha - i + 1))
            let term =
                logCoefficient + Double(i) * Math.log(q) + Double(alpha - i) * Math.log(1 - q)
                + Double(i * i - i) / (2 * sigma * sigma)
            logA = logAdd(logA, term)
        }
        return logA
    }

    /// log Aα for fractional α: two series split at z₀ = σ² log(1/q − 1) + ½, summed until
    /// their terms fall below e⁻³⁰ (Mironov, Talwar & Zhang 2019, section 3.3).
    static func logAFractional(q: Double, sigma: Double, alpha: Double) -> Double {
        var logA0 = -Double.infinity
        var logA1 = -Double.infinity
        let z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5
        var logCoefficient = 0.0
        var sign = 1.0
        var i = 0
        while i < 100_000 {
            if i > 0 {
                let factor = (alpha - Double(i) + 1) / Double(i)
                if factor == 0 { break }
                logCoefficient += Math.log(abs(factor))
                if factor < 0 { sign = -sign }
            }
            let j = alpha - Double(i)
            let fi = Double(i)
            let logT0 = logCoefficient + fi * Math.log(q) + j * Math.log(1 - q)
            let logT1 = logCoefficient + j * Math.log(q) + fi * Math.log(1 - q)
            let logE0 = Math.log(0.5) + logErfc((fi - z0) / (2.0.squareRoot() * sigma))
            let logE1 = Math.log(0.5) + logErfc((z0 - j) / (2.0.squareRoot() * sigma))
            let logS0 = logT0 + (fi * fi - fi) / (2 * sigma * sigma) + logE0
            let logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1
            if sign > 0 {
                logA0 = logAdd(logA0, logS0)
                logA1 = logAdd(logA1, logS1)
            } else {
                logA0 = logSubtract(logA0, logS0)
                logA1 = logSubtract(logA1, logS1)
            }
            if max(logS0, logS1) < -30 { break }
            i += 1
        }
        return logAdd(logA0, logA1)
    }

    /// log(eˣ + eʸ), stable.
    static func logAdd(_ x: Double, _ y: Double) -> Double {
        let (a, b) = (min(x, y), max(x, y))
        if a == -.infinity { return b }
        return Math.log1p(Math.exp(a - b)) + b
    }

    /// log(eˣ − eʸ) for x ≥ y, stable; −∞ when they are equal.
    static func logSubtract(_ x: Double, _ y: Double) -> Double {
        if y == -.infinity { return x }
        if x <= y { return -.infinity }
        return Math.log(-expm1(y - x)) + x
    }

    /// log erfc(x), accurate where erfc underflows (an asymptotic series for large x).
    static func logErfc(_ x: Double) -> Double {
        if x < 20 { return Math.log(Math.erfc(x)) }
        // erfc(x) ≈ e^(−x²)/(x√π) · (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶)).
        let x2 = x * x
        let series = 1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2)
        return -x2 - Math.log(x) - 0.5 * Math.log(Double.pi) + Math.log(series)
    }

    private static func expm1(_ x: Double) -> Double {
        abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.exp(x) - 1
    }
}
