import Foundation

/// The noncentral t distribution's CDF, for the power of a t-test.
///
/// T′ = (Z + λ)/√(V/ν) with Z standard normal and V χ²(ν). Lenth's algorithm sums Guenther's
/// twin series of Poisson-weighted incomplete beta functions, P(T′ ≤ t) = Φ(−λ) + ½ Σⱼ
/// (pⱼ I_x(j + ½, ν/2) + qⱼ I_x(j + 1, ν/2)) with x = t²/(t² + ν), until the error bound
/// 2·s·(I_odd − g_odd) falls below 10⁻¹²; negative t uses P(T′ ≤ −t; −λ) = 1 − P(T′ ≤ t; λ).
///
/// Reference: Lenth, "Algorithm AS 243: Cumulative distribution function of the non-central t
/// distribution", Applied Statistics 38(1), 185–189 (1989).
public enum NoncentralTDistribution {
    /// P(T′ ≤ t) for T′ ~ t(ν, λ); nan when ν ≤ 0 or an argument is nan.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double, noncentrality: Double)
        -> Double
    {
        guard nu > 0, !t.isNaN, !nu.isNaN, !noncentrality.isNaN else { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let negative = t < 0
        let tt = negative ? -t : t
        let delta = negative ? -noncentrality : noncentrality
        var total = 0.0
        let x = tt * tt / (tt * tt + nu)
        if x > 0 {
            let lambda = delta * delta
            var p = 0.5 * exp(-0.5 * lambda)
            var q = (2 / Double.pi).squareRoot() * p * delta
            var s = 0.5 - p
            var a = 0.5
            let b = 0.5 * nu
            let rxb = pow(1 - x, b)
            let logBeta = Math.lgamma(a) + Math.lgamma(b) - Math.lgamma(a + b)
            var xOdd = StudentTDistribution.regularizedIncompleteBeta(x, a: a, b: b)
            var gOdd = 2 * rxb * exp(a * log(x) - logBeta)
            var xEven = 1 - rxb
            var gEven = b * x * rxb
            total = p * xOdd + q * xEven
            var en = 1.0
            while en <= 1000 {
                a += 1
                xOdd -= gOdd
                xEven -= gEven
                gOdd *= x * (a + b - 1) / a
                gEven *= x * (a + b - 0.5) / (a + 0.5)
                p *= lambda / (2 * en)
                q *= lambda / (2 * en + 1)
                s -= p
                en += 1
                total += p * xOdd + q * xEven
                if 2 * s * (xOdd - gOdd) <= 1e-12 { break }
            }
        }
        total += Statistics.normalCDF(-delta)
        let result = min(max(total, 0), 1)
        return negative ? 1 - result : result
    }
}
