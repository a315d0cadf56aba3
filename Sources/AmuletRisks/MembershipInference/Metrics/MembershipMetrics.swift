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
    /// TPR at FPR ≤ 0.1%; nil with fewer than 1,000 non-members.
    public var truePositiveRateAtOnePermille: Double?
    /// TPR at FPR ≤ 1%; nil with fewer than 100 non-members.
    public var truePositiveRateAtOnePercent: Double?
    /// How many non-members the scores include.
    public var nonMemberCount: Int
    /// max over thresholds of ½(TPR + TNR).
    public var balancedAccuracy: Double

    /// Metrics of `scores` (higher means "member") against the truth `isMember`.
    public init(scores: [Double], isMember: [Bool]) {
        let curve = ROCCurve(scores: scores, isPositive: isMember)
        roc = curve
        auc = curve.auc
        let negatives = isMember.filter { !$0 }.count
        nonMemberCount = negatives
        truePositiveRateAtOnePermille =
            Self.resolvable(0.001, negatives: negatives)
            ? curve.truePositiveRate(atFalsePositiveRate: 0.001) : nil
        truePositiveRateAtOnePercent =
            Self.resolvable(0.01, negatives: negatives)
            ? curve.truePositiveRate(atFalsePositiveRate: 0.01) : nil
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

    /// Whether `negatives` non-members can resolve a false-positive rate of `rate`.
    ///
    /// With n non-members the smallest non-zero false-positive rate is 1/n; below that, the
    /// TPR "at" the rate is the TPR at FPR 0, a different and much stricter quantity. So the
    /// rate needs n ≥ 1/rate (with a little slack for the rounding of 1/rate).
    public static func resolvable(_ rate: Double, negatives: Int) -> Bool {
        Double(negatives) * rate >= 1 - 1e-9
    }

    /// A percentage to three decimals at most, such as `2%` or `0.1%`.
    static func percentText(_ percent: Double) -> String {
        let rounded = (percent * 1000).rounded() / 1000
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return "\(Int(rounded))%" }
        return "\(rounded)%"
    }

    /// The note of a TPR the sample cannot resolve.
    func unresolvedNote(_ rate: Double) -> String {
        let smallest = nonMemberCount > 0 ? 100 / Double(nonMemberCount) : 100
        return "undefined: \(nonMemberCount) non-members resolve no false-positive rate below "
            + "\(Self.percentText(smallest)), so a TPR at \(Self.percentText(rate * 100)) "
            + "FPR needs at least \(Int((1 / rate).rounded())) non-members"
    }

    /// The measurements, each about `attack` (shown as `mia.<attack>.<metric>`).
    public func measurements(attack: String) -> [Measurement] {
        [
            Measurement(Self.auc, subject: attack, value: auc),
            Measurement(
                Self.tprAtOnePermille, subject: attack, value: truePositiveRateAtOnePermille,
                note: truePositiveRateAtOnePermille == nil ? unresolvedNote(0.001) : nil),
            Measurement(
                Self.tprAtOnePercent, subject: attack, value: truePositiveRateAtOnePercent,
                note: truePositiveRateAtOnePercent == nil ? unresolvedNote(0.01) : nil),
            Measurement(Self.balancedAccuracyMetric, subject: attack, value: balancedAccuracy),
        ]
    }
}
