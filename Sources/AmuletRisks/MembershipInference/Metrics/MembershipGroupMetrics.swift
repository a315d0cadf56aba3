import AmuletData
import AmuletTensor

/// Membership-inference AUC and TPR at 1% FPR within each group of a sensitive attribute.
///
/// The attack's scores are those of the whole population (no re-training); a group's ROC curve
/// is built from the scores of that group's members and non-members only. The AUC needs at
/// least one member and one non-member; the TPR at 1% FPR needs at least 100 non-members, for
/// with n non-members the smallest non-zero false-positive rate is 1/n and a smaller group
/// would be read at 0% FPR, a different operating point. An undefined value is nil.
/// Reference: Carlini et al., "Membership Inference Attacks From First Principles", S&P 2022;
/// per-group exposure: Kulynych et al., "Disparate Vulnerability to Membership Inference
/// Attacks", PETS 2022.
public struct MembershipGroupMetrics: Sendable, Equatable {
    /// The numbers of one group.
    public struct Group: Sendable, Equatable {
        /// The group's name, such as `Female`.
        public var name: String
        /// Members in the group.
        public var members: Int
        /// Non-members in the group.
        public var nonMembers: Int
        /// AUC over the group's rows; nil without members or non-members.
        public var auc: Double?
        /// TPR at FPR ≤ 1% over the group's rows; nil with fewer than 100 non-members.
        public var truePositiveRateAtOnePercent: Double?
    }

    /// The false-positive rate of the per-group TPR.
    static let falsePositiveBudget = 0.01

    /// The breakdown the numbers are over.
    public var breakdown: GroupBreakdown
    /// The numbers of each group, in the breakdown's order.
    public var groups: [Group]

    /// The per-group metrics of `scores` (higher means "member") against `isMember`.
    public init(scores: [Double], isMember: [Bool], breakdown: GroupBreakdown) {
        self.breakdown = breakdown
        groups = breakdown.groups.map { g in
            let groupScores = g.rows.map { scores[$0] }
            let truth = g.rows.map { isMember[$0] }
            let members = truth.filter { $0 }.count
            let nonMembers = truth.count - members
            var auc: Double?
            var tpr: Double?
            if members > 0 && nonMembers > 0 {
                let curve = ROCCurve(scores: groupScores, isPositive: truth)
                auc = curve.auc
                if Double(nonMembers) * Self.falsePositiveBudget >= 1 {
                    tpr = curve.truePositiveRate(atFalsePositiveRate: Self.falsePositiveBudget)
                }
            }
            return Group(
                name: g.name, members: members, nonMembers: nonMembers, auc: auc,
                truePositiveRateAtOnePercent: tpr)
        }
    }

    /// AUC within one group.
    public static let groupAUC = MetricID(
        "mia.group_auc", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        scope: .perGroup, doc: "membership-inference AUC within one group (0.5 is guessing)")
    /// TPR at 1% FPR within one group.
    public static let groupTPRAtOnePercent = MetricID(
        "mia.group_tpr@1%fpr", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        scope: .perGroup, doc: "members of one group found at a false-positive rate of 1%")
    /// Largest minus smallest group AUC.
    public static let aucGap = MetricID(
        "mia.auc_gap", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        doc: "membership AUC of the most exposed group minus that of the least exposed")
    /// Largest minus smallest group TPR at 1% FPR.
    public static let tprGap = MetricID(
        "mia.tpr@1%fpr_gap", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        doc: "TPR at 1% FPR of the most exposed group minus that of the least exposed")

    /// The metrics `measurements(attack:)` reports.
    public static let reported = [groupAUC, groupTPRAtOnePercent, aucGap, tprGap]

    /// The measurements: `mia.<attack>.<attribute>=<group>.group_auc` and friends per group,
    /// then the gaps `mia.<attack>.<attribute>.auc_gap`.
    public func measurements(attack: String) -> [Measurement] {
        let noPair = "undefined: the group has no members or no non-members"
        let fewNegatives =
            "undefined: the group has fewer than 100 non-members, too few for a 1% FPR"
        var rows: [Measurement] = []
        for (g, group) in zip(breakdown.groups, groups) {
            let subject = breakdown.subject(g, prefix: attack)
            rows.append(
                Measurement(
                    Self.groupAUC, subject: subject, value: group.auc,
                    note: group.auc == nil ? noPair : nil))
            rows.append(
                Measurement(
                    Self.groupTPRAtOnePercent, subject: subject,
                    value: group.truePositiveRateAtOnePercent,
                    note: group.truePositiveRateAtOnePercent != nil
                        ? nil : group.auc == nil ? noPair : fewNegatives))
        }
        let gapSubject = breakdown.gapSubject(prefix: attack)
        let aucGapValue = GroupBreakdown.gap(groups.map(\.auc))
        let tprGapValue = GroupBreakdown.gap(groups.map(\.truePositiveRateAtOnePercent))
        rows.append(
            Measurement(
                Self.aucGap, subject: gapSubject, value: aucGapValue,
                note: aucGapValue == nil ? GroupBreakdown.undefinedGap : nil))
        rows.append(
            Measurement(
                Self.tprGap, subject: gapSubject, value: tprGapValue,
                note: tprGapValue == nil ? GroupBreakdown.undefinedGap : nil))
        return rows
    }
}
