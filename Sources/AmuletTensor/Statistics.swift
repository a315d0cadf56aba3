/// Descriptive statistics and normal-distribution functions, computed in Double.
public enum Statistics {
    /// The arithmetic mean; 0 for an empty sample.
    public static func mean<S: Collection>(_ values: S) -> Double
    where S.Element: BinaryFloatingPoint {
        guard !values.isEmpty else { return 0 }
        return values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
    }

    /// The variance with `ddof` degrees of freedom removed (0: population, 1: sample).
    public static func variance<S: Collection>(_ values: S, ddof: Int = 0) -> Double
    where S.Element: BinaryFloatingPoint {
        guard values.count > ddof else { return 0 }
        let m = mean(values)
        let squares = values.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) }
        return squares / Double(values.count - ddof)
    }

    /// The standard deviation with `ddof` degrees of freedom removed.
    public static func standardDeviation<S: Collection>(_ values: S, ddof: Int = 0) -> Double
    where S.Element: BinaryFloatingPoint {
        variance(values, ddof: ddof).squareRoot()
    }

    /// The median (mean of the two middle values for an even count); 0 when empty.
    public static func median<S: Collection>(_ values: S) -> Double
    where S.Element: BinaryFloatingPoint {
        quantile(values, 0.5)
    }

    /// The q-quantile with linear interpolation between order statistics (NumPy's default).
    ///
    /// With sorted values x₀ ≤ … ≤ x_{n−1}, position h = (n − 1)·q, the result is
    /// x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋).
    public static func quantile<S: Collection>(_ values: S, _ q: Double) -> Double
    where S.Element: BinaryFloatingPoint {
        guard !values.isEmpty else { return 0 }
        let sorted = values.map { Double($0) }.sorted()
        let position = Double(sorted.count - 1) * min(max(q, 0), 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }

    /// log Σ eˣ, stable: m + log Σ e^(x − m) with m the maximum.
    public static func logSumExp<S: Collection>(_ values: S) -> Double
    where S.Element: BinaryFloatingPoint {
        guard let maximum = values.map({ Double($0) }).max(), maximum.isFinite else {
            return values.isEmpty ? -.infinity : (values.map { Double($0) }.max() ?? -.infinity)
        }
        let total = values.reduce(0.0) { $0 + Math.exp(Double($1) - maximum) }
        return maximum + Math.log(total)
    }

    /// log N(x; mean, std²) = −½((x−μ)/σ)² − log σ − ½ log 2π.
    public static func normalLogPDF(_ x: Double, mean: Double, std: Double) -> Double {
        let z = (x - mean) / std
        return -0.5 * z * z - Math.log(std) - 0.5 * Math.log(2 * Double.pi)
    }

    /// Φ((x−μ)/σ), the normal CDF, as ½·erfc(−z/√2) (accurate in both tails).
    public static func normalCDF(_ x: Double, mean: Double = 0, std: Double = 1) -> Double {
        let z = (x - mean) / std
        return 0.5 * Math.erfc(-z / 2.0.squareRoot())
    }

    /// Half-width of a 95% confidence interval of the mean: t₀.₉₇₅(n − 1)·s/√n.
    ///
    /// The Student-t quantile is computed exactly for any n (no table), so intervals of small
    /// and large samples alike are right to about 1e-13 relative.
    public static func confidenceHalfWidth95(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let t = studentT975(degreesOfFreedom: values.count - 1)
        return t * standardDeviation(values, ddof: 1) / Double(values.count).squareRoot()
    }

    /// The 0.975 quantile of Student's t with `df` degrees of freedom; nan when df < 1.
    public static func studentT975(degreesOfFreedom df: Int) -> Double {
        StudentTDistribution.quantile(0.975, degreesOfFreedom: Double(df))
    }
}
