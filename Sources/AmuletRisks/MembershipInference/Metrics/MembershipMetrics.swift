import AmuletTensor

/// How well membership scores separate members from non-members.
///
/// AUC, the true-positive rate at 0.1% and 1% false-positive rate (the low-FPR regime Carlini
/// et al. argue matters), and the best balanced accuracy over thresholds.
/// Reference: Carlini et al., "Membership Inference Attacks From First Principles", S&P 2022.
public struct MembershipMetrics: Sendable, Equatable {
    /// The ROC curve of the scores.
    public var roc: ROCCurve
    /// Area under the ROC curve.
    public var auc: Double
    /// TPR at FPR ≤ 0.1%.
    public var truePositiveRateAtOnePermille: Double
    /// TPR at FPR ≤ 1%.
    public var truePositiveRateAtOnePercent: Double
    /// max over thresholds of ½(TPR + TNR).
    public var balancedAccuracy: Double

    /// Metrics of `scores` (higher means "member") against the truth `isMember`.
    public init(scores: [Double], isMember: [Bool]) {
        let curve = ROCCurve(scores: scores, isPositive: isMember)
        roc = curve
        auc = curve.auc
        truePositiveRateAtOnePermille = curve.truePositiveRate(atFalsePositiveRate: 0.001)
        truePositiveRateAtOnePercent = curve.truePositiveRate(atFalsePositiveRate: 0.01)
        balancedAccuracy = curve.bestBalancedAccuracy
    }

    /// AUC of the attack's ROC curve.
    public static let auc = MetricID(
        "mia.auc", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline, doc: "membership-inference AUC (0.5 is guessing)")
    /// TPR at 0.1% FPR.
    public static let tprAtOnePermille = MetricID(
        "mia.tpr@0.1%fpr", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        doc: "members found at a false-positive rate of 0.1% (the low-FPR regime)")
    /// TPR at 1% FPR.
    public static let tprAtOnePercent = MetricID(
        "mia.tpr@1%fpr", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline, doc: "members found at a false-positive rate of 1%")
    /// Best balanced accuracy.
    public static let balancedAccuracyMetric = MetricID(
        "mia.balanced_accuracy", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        doc: "best balanced accuracy of the attack over thresholds (0.5 is guessing)")

    /// The metrics `measurements(attack:)` reports.
    public static let reported = [auc, tprAtOnePermille, tprAtOnePercent, balancedAccuracyMetric]

    /// The measurements, each about `attack` (shown as `mia.<attack>.<metric>`).
    public func measurements(attack: String) -> [Measurement] {
        [
            Measurement(Self.auc, subject: attack, value: auc),
            Measurement(
                Self.tprAtOnePermille, subject: attack, value: truePositiveRateAtOnePermille),
            Measurement(Self.tprAtOnePercent, subject: attack, value: truePositiveRateAtOnePercent),
            Measurement(Self.balancedAccuracyMetric, subject: attack, value: balancedAccuracy),
        ]
    }
}
