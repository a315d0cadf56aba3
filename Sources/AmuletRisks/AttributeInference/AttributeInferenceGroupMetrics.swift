/// Attribute-inference accuracy within each group of another sensitive attribute, and the gap.
///
/// Inferring `race` may succeed far more often for one `sex` than the other; the accuracy of
/// the thresholded inference over the members of each group shows it. Within one group the
/// inferred attribute may take one value only, so plain accuracy is reported (balanced
/// accuracy would be undefined there); an empty group has no value (nil). The numbers come
/// from the same attack scores and threshold as the population number (no re-training).
/// Reference: Duddu & Boutet, CIKM 2022 (the attack); Amulet (ssg-research/amulet).
public enum AttributeInferenceGroupMetrics {
    /// Accuracy of the inference within one group of another attribute.
    public static let groupAccuracy = MetricID(
        "attribute.group_accuracy", risk: .attributeInference, unit: .ratio,
        direction: .lowerIsBetter, scope: .perGroup,
        doc: "accuracy of inferring the attribute of the members of one group of another one")
    /// Largest minus smallest group accuracy.
    public static let accuracyGap = MetricID(
        "attribute.accuracy_gap", risk: .attributeInference, unit: .ratio,
        direction: .lowerIsBetter,
        doc: "inference accuracy of the most exposed group minus that of the least exposed")

    /// The metrics `measurements` reports.
    public static let reported = [groupAccuracy, accuracyGap]

    /// Per-group accuracy of `result` over `breakdown`'s groups of the same victims:
    /// `attribute.<inferred>.<by>=<group>.group_accuracy`, then
    /// `attribute.<inferred>.<by>.accuracy_gap`.
    public static func measurements(
        _ result: AttributeInferenceResult, breakdown: GroupBreakdown
    ) -> [Measurement] {
        let correct = zip(result.scores, result.truth).map { score, value in
            (score >= result.threshold ? 1 : 0) == (value == 1 ? 1 : 0)
        }
        let rates = breakdown.rates(correct)
        var rows = zip(breakdown.groups, rates).map { group, rate in
            Measurement(
                groupAccuracy, subject: breakdown.subject(group, prefix: result.attribute),
                value: rate, note: rate == nil ? "undefined: the group has no members" : nil)
        }
        let gap = GroupBreakdown.gap(rates)
        rows.append(
            Measurement(
                accuracyGap, subject: breakdown.gapSubject(prefix: result.attribute), value: gap,
                note: gap == nil ? GroupBreakdown.undefinedGap : nil))
        return rows
    }
}
