import AmuletTensor
import Foundation

/// A one-line chart for the terminal: values as the eight block heights ▁▂▃▄▅▆▇█.
///
/// A value v in [lower, upper] gets level round(7·(v − lower)/(upper − lower)), clamped to
/// 0…7; a missing or non-finite value is a space. For an ROC curve the line samples the
/// true-positive rate at false-positive rates 10⁻³, 10^−2.75, …, 1 (log steps, as the SVG
/// chart's axis) and places it by log10 between 10⁻³ and 1 as well: on a linear TPR scale
/// every attack weaker than near-perfect drew the same `▁▁▁▁▁▁▂▃▅█`, while on log-log axes
/// guessing (TPR = FPR) is a straight ramp and a stronger attack sits above it.
public enum TextSparkline {
    /// The block characters, lowest first.
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The sparkline of `values` over `lower…upper`.
    public static func render(_ values: [Double?], lower: Double = 0, upper: Double = 1) -> String {
        let span = upper - lower
        return String(
            values.map { value -> Character in
                guard let value, value.isFinite, span > 0 else { return " " }
                let level = Int((7 * (value - lower) / span).rounded())
                return blocks[min(7, max(0, level))]
            })
    }

    /// The false-positive rates an ROC sparkline samples: 10^(−3 + k/4), k = 0…12.
    public static let rocRates: [Double] = (0...12).map { pow(10, -3 + Double($0) / 4) }

    /// The levels of a curve's line: log10 of the TPR at each of `rocRates`, on −3…0 (a TPR
    /// of 0 sits at the bottom).
    public static func rocLevels(_ curve: ROCCurve) -> [Double?] {
        rocRates.map { max(-3, log10(max(curve.truePositiveRate(atFalsePositiveRate: $0), 1e-9))) }
    }

    /// One line describing a curve:
    /// `ROC baseline: ▁▁▂▃▅▇█ (log TPR at log FPR 0.001→1; AUC 0.612)`.
    public static func rocLine(_ curve: CellCurve) -> String {
        "ROC \(curve.role.rawValue): \(render(rocLevels(curve.curve), lower: -3, upper: 0)) "
            + "(log TPR at log FPR 0.001→1; AUC \(TableCell.format(curve.curve.auc, digits: 3)))"
    }
}
