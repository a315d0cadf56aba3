/// Adversarial accuracy within each group of a sensitive attribute, and the gap.
///
/// Robustness is not spread evenly: adversarial training and attacks can leave one group
/// markedly less robust than another (Xu et al., "To be Robust or to be Fair: Towards
/// Fairness in Adversarial Training", ICML 2021). A group's adversarial accuracy is the
/// fraction of its test rows the model still classifies correctly after the same attack that
/// produced the population number; an empty group has no value (nil).
public enum EvasionGroupMetrics {
    /// Adversarial accuracy within one group.
    public static let groupAdversarialAccuracy = MetricID(
        "evasion.group_adversarial_accuracy", risk: .evasion, unit: .ratio,
        direction: .higherIsBetter, scope: .perGroup,
        doc: "accuracy on the adversarial test rows of one group")
    /// Largest minus smallest group adversarial accuracy.
    public static let adversarialAccuracyGap = MetricID(
        "evasion.adversarial_accuracy_gap", risk: .evasion, unit: .ratio,
        direction: .lowerIsBetter,
        doc: "adversarial accuracy of the most robust group minus that of the least robust")

    /// The metrics `measurements` reports.
    public static let reported = [groupAdversarialAccuracy, adversarialAccuracyGap]

    /// Per-group adversarial accuracy and the gap, from `robust[r]` (row r is still classified
    /// correctly under attack): `evasion.<attribute>=<group>.group_adversarial_accuracy`, then
    /// `evasion.<attribute>.adversarial_accuracy_gap`.
    public static func measurements(robust: [Bool], breakdown: GroupBreakdown) -> [Measurement] {
        let rates = breakdown.rates(robust)
        var rows = zip(breakdown.groups, rates).map { group, rate in
            Measurement(
                groupAdversarialAccuracy, subject: breakdown.subject(group), value: rate,
                note: rate == nil ? "undefined: the group has no test rows" : nil)
        }
        let gap = GroupBreakdown.gap(rates)
        rows.append(
            Measurement(
                adversarialAccuracyGap, subject: breakdown.gapSubject(), value: gap,
                note: gap == nil ? GroupBreakdown.undefinedGap : nil))
        return rows
    }
}
