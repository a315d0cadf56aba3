/// Per-group rates of a binary classifier for one grouping of the examples.
///
/// A rate whose denominator is empty (a group with no positive labels has no TPR) is nil:
/// undefined, never 0.
public struct GroupRates: Sendable, Equatable {
    /// The group's name, such as `White` or `White×Male`.
    public var group: String
    /// Examples in the group.
    public var count: Int
    /// Fraction classified correctly.
    public var accuracy: Double?
    /// P(ŷ = 1): the selection rate.
    public var selectionRate: Double?
    /// P(ŷ = 1 | y = 1).
    public var truePositiveRate: Double?
    /// P(ŷ = 1 | y = 0).
    public var falsePositiveRate: Double?
}

/// Group-fairness metrics of a binary classifier over two or more groups.
///
/// With more than two groups (intersections) each gap is the largest minus the smallest rate
/// among the groups where the rate is defined; a gap over fewer than two groups is undefined
/// (nil). Definitions: demographic parity difference |SR₁ − SR₀| and ratio min/max
/// (Fairlearn); p-rule 100·min/max of the selection rates (the Python Amulet's
/// 100·min(r, 1/r)); equal opportunity difference |TPR₁ − TPR₀| (Hardt et al. 2016);
/// equalized odds difference max(TPR gap, FPR gap) (Fairlearn) and the Python Amulet's sum
/// TPR gap + FPR gap. When no group receives a positive prediction the ratio and p-rule are
/// 0/0: undefined, never 1 (Fairlearn returns 1 there, which reads as "perfectly fair").
public struct GroupFairness: Sendable, Equatable {
    /// Rates of each group, in group order.
    public var groups: [GroupRates]
    /// Largest minus smallest selection rate.
    public var demographicParityDifference: Double?
    /// Smallest over largest selection rate (1 is parity); nil when nobody is selected.
    public var demographicParityRatio: Double?
    /// 100·smallest/largest selection rate; nil when nobody is selected.
    public var pRule: Double?
    /// Largest minus smallest TPR.
    public var equalOpportunityDifference: Double?
    /// max(TPR gap, FPR gap).
    public var equalizedOddsDifference: Double?
    /// TPR gap + FPR gap.
    public var equalizedOddsSum: Double?

    /// Computes the metrics; `group[i]` indexes `groupNames`, labels and predictions are 0/1.
    public init(predictions: [Int], labels: [Int], group: [Int], groupNames: [String]) {
        precondition(predictions.count == labels.count && labels.count == group.count)
        var rates: [GroupRates] = []
        for (g, name) in groupNames.enumerated() {
            var n = 0, correct = 0, selected = 0, positives = 0, truePositives = 0
            var negatives = 0, falsePositives = 0
            for i in labels.indices where group[i] == g {
                n += 1
                if predictions[i] == labels[i] { correct += 1 }
                if predictions[i] == 1 { selected += 1 }
                if labels[i] == 1 {
                    positives += 1
                    if predictions[i] == 1 { truePositives += 1 }
                } else {
                    negatives += 1
                    if predictions[i] == 1 { falsePositives += 1 }
                }
            }
            func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }
            rates.append(
                GroupRates(
                    group: name, count: n, accuracy: ratio(correct, n),
                    selectionRate: ratio(selected, n),
                    truePositiveRate: ratio(truePositives, positives),
                    falsePositiveRate: ratio(falsePositives, negatives)))
        }
        func gap(_ value: (GroupRates) -> Double?) -> Double? {
            let values = rates.compactMap(value)
            guard values.count >= 2, let high = values.max(), let low = values.min() else {
                return nil
            }
            return high - low
        }
        let selection = rates.compactMap(\.selectionRate)
        groups = rates
        demographicParityDifference = gap(\.selectionRate)
        if selection.count >= 2, let lowest = selection.min(), let highest = selection.max(),
            highest > 0
        {
            demographicParityRatio = lowest / highest
            pRule = 100 * lowest / highest
        } else {
            demographicParityRatio = nil
            pRule = nil
        }
        equalOpportunityDifference = gap(\.truePositiveRate)
        let fprGap = gap(\.falsePositiveRate)
        if let tprGap = equalOpportunityDifference, let fprGap {
            equalizedOddsDifference = max(tprGap, fprGap)
            equalizedOddsSum = tprGap + fprGap
        } else {
            equalizedOddsDifference = nil
            equalizedOddsSum = nil
        }
    }
}
