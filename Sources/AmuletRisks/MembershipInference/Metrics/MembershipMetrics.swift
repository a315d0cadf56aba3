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

    /// The ledger rows, named `mia.<method>.<metric>`.
    public func measurements(method: String) -> [RiskMeasurement] {
        [
            RiskMeasurement(risk: .membership, metric: "mia.\(method).auc", value: auc),
            RiskMeasurement(
                risk: .membership, metric: "mia.\(method).tpr@0.1%fpr",
                value: truePositiveRateAtOnePermille),
            RiskMeasurement(
                risk: .membership, metric: "mia.\(method).tpr@1%fpr",
                value: truePositiveRateAtOnePercent),
            RiskMeasurement(
                risk: .membership, metric: "mia.\(method).balanced_accuracy",
                value: balancedAccuracy),
        ]
    }
}
