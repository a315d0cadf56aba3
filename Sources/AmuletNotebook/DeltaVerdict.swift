import AmuletRisks
import Foundation

/// Whether a change of a metric helps or hurts the defender, read from its direction.
///
/// A drop in attack AUC or in a fairness gap is better, a drop in accuracy worse; a metric
/// with no better side (selection rate, σ) is neutral, and so is no change at all.
public enum DeltaVerdict: String, Sendable, Equatable {
    /// The change helps the defender.
    case better
    /// The change hurts the defender.
    case worse
    /// Neither.
    case neutral

    /// The verdict on `difference` (new − reference) of a metric moving in `direction`.
    ///
    /// With `shownDigits`, a difference that rounds to zero at that many decimals is neutral,
    /// so a verdict never claims a change the printed digits do not show.
    public init(difference: Double, direction: MetricDirection, shownDigits: Int? = nil) {
        let visible = shownDigits.map { abs(difference) >= 0.5 * pow(10, -Double($0)) } ?? true
        guard difference != 0, difference.isFinite, visible else {
            self = .neutral
            return
        }
        switch direction {
        case .neutral: self = .neutral
        case .higherIsBetter: self = difference > 0 ? .better : .worse
        case .lowerIsBetter: self = difference < 0 ? .better : .worse
        }
    }

    /// The chart colour for the verdict.
    public var color: String {
        switch self {
        case .better: ChartPalette.better
        case .worse: ChartPalette.worse
        case .neutral: ChartPalette.neutral
        }
    }
}
