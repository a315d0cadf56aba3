import Foundation

/// Maps data values onto pixel positions along one axis, linearly or by log10.
///
/// Linear: p = r₀ + (v − d₀)/(d₁ − d₀)·(r₁ − r₀). Logarithmic: the same with log10 of v and
/// of the domain's ends, so each decade takes the same length (the log-log ROC plots of
/// Carlini et al., "Membership Inference Attacks From First Principles", S&P 2022). Values
/// outside the domain are clamped to its ends, so a curve never leaves its plot.
public struct ChartScale: Sendable, Equatable {
    /// The smallest and largest data value shown; both positive on a log scale.
    public var domain: ClosedRange<Double>
    /// The pixel position of the domain's lower end.
    public var start: Double
    /// The pixel position of the domain's upper end (smaller than `start` on a y axis).
    public var end: Double
    /// Whether values are placed by log10.
    public var isLogarithmic: Bool

    /// A scale from `domain` onto pixels `start`…`end`; a log domain must be positive.
    public init(domain: ClosedRange<Double>, start: Double, end: Double, logarithmic: Bool = false)
    {
        self.domain = domain
        self.start = start
        self.end = end
        self.isLogarithmic = logarithmic
    }

    /// The pixel position of `value`, clamped to the domain.
    public func position(_ value: Double) -> Double {
        let clamped = min(max(value, domain.lowerBound), domain.upperBound)
        let fraction: Double
        if isLogarithmic {
            let low = log10(domain.lowerBound)
            let span = log10(domain.upperBound) - low
            fraction = span > 0 ? (log10(clamped) - low) / span : 0
        } else {
            let span = domain.upperBound - domain.lowerBound
            fraction = span > 0 ? (clamped - domain.lowerBound) / span : 0
        }
        return start + fraction * (end - start)
    }

    /// Tick values: the powers of ten inside a log domain, else about `count` round steps
    /// (1, 2 or 5 × 10ᵏ) from a multiple of the step.
    public func ticks(count: Int = 5) -> [Double] {
        if isLogarithmic {
            let first = Int(ceil(log10(domain.lowerBound) - 1e-9))
            let last = Int(floor(log10(domain.upperBound) + 1e-9))
            guard first <= last else { return [] }
            return (first...last).map { pow(10, Double($0)) }
        }
        let step = Self.niceStep((domain.upperBound - domain.lowerBound) / Double(max(1, count)))
        guard step > 0, step.isFinite else { return [domain.lowerBound] }
        var values: [Double] = []
        var value = (domain.lowerBound / step).rounded(.up) * step
        while value <= domain.upperBound + step * 1e-9 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return values
    }

    /// Whether the axis starts above 0 on a linear scale, so it needs a break mark: a bar or
    /// a distance read from such an axis would otherwise mislead.
    public var startsAboveZero: Bool { !isLogarithmic && domain.lowerBound > 0 }

    /// A linear scale fitted to `values`: from a round step below the smallest to one above
    /// the largest (about five ticks), starting at 0 when the data's lower end is within a
    /// fifth of the range from it, so a difference of 0.02 fills the plot instead of a
    /// fiftieth of a 0–1 axis.
    public static func fitted(
        _ values: [Double], start: Double, end: Double, floor: Double? = nil,
        ceiling: Double? = nil
    ) -> ChartScale {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if high - low < 1e-9 {
            let pad = max(abs(high) * 0.05, 0.01)
            low -= pad
            high += pad
        }
        let step = niceStep((high - low) / 4)
        // A hair of slack so 0.6 / 0.1 = 5.999… still counts as 6 steps.
        var lower = (low / step + 1e-9).rounded(.down) * step
        var upper = (high / step - 1e-9).rounded(.up) * step
        if lower > 0, lower <= (upper - lower) / 5 { lower = 0 }
        if let floor { lower = max(lower, floor) }
        if let ceiling { upper = min(upper, ceiling) }
        if upper <= lower { upper = lower + step }
        return ChartScale(domain: lower...upper, start: start, end: end)
    }

    /// The smallest of 1, 2, 5 × 10ᵏ at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 0 }
        let power = pow(10, floor(log10(raw)))
        for multiple in [1.0, 2, 5, 10] where multiple * power >= raw * (1 - 1e-9) {
            return multiple * power
        }
        return 10 * power
    }

    /// A tick label: powers of ten on a log axis as `0.001`…`1`, else the fewest decimals that
    /// tell the ticks apart.
    public func label(_ value: Double) -> String {
        if isLogarithmic {
            let exponent = Int(log10(value).rounded())
            if exponent >= 0 { return String(format: "%.0f", value) }
            return String(format: "%.\(-exponent)f", value)
        }
        let step = Self.niceStep((domain.upperBound - domain.lowerBound) / 5)
        let decimals = step >= 1 || step <= 0 ? 0 : Int(ceil(-log10(step) - 1e-9))
        // The typographic minus, as the tables write Δ (−0.02, not -0.02).
        return String(format: "%.\(decimals)f", value).replacingOccurrences(of: "-", with: "−")
    }
}
