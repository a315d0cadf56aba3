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

    /// Half-width of a 95% confidence interval of the mean (Student t, n − 1 degrees of freedom).
    public static func confidenceHalfWidth95(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let t = studentT975(degreesOfFreedom: values.count - 1)
        return t * standardDeviation(values, ddof: 1) / Double(values.count).squareRoot()
    }

    /// The 0.975 quantile of Student's t with the given degrees of freedom (table, then 1.96).
    public static func studentT975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        if df >= 1 && df <= table.count { return table[df - 1] }
        return df > table.count ? 1.96 + 2.4 / Double(df) : .nan
    }
}
