/// Group-fairness metrics of a multi-class classifier, one class against the rest.
///
/// For each class k the predictions and labels are binarised as (ŷ = k) and (y = k), and the
/// binary metrics of `GroupFairness` are computed on that view: the selection rate of class k
/// in a group is P(ŷ = k | group), its TPR P(ŷ = k | y = k, group) and its FPR
/// P(ŷ = k | y ≠ k, group). This is how Fairlearn measures a multi-class model (a
/// `selection_rate` with `pos_label = k` per class, since its demographic-parity and
/// equalized-odds functions take binary labels). The summary of each gap is its worst class:
/// the largest difference and the smallest ratio over the classes where it is defined.
///
/// Reference: Fairlearn (`MetricFrame`, `selection_rate`, `pos_label`); Hardt, Price & Srebro,
/// NeurIPS 2016 (equalized odds).
public struct MulticlassFairness: Sendable, Equatable {
    /// The one-vs-rest metrics of each class, indexed by class.
    public var perClass: [GroupFairness]
    /// Accuracy (ŷ = y) of each group, in group order; nil for an empty group.
    public var groupAccuracy: [Double?]
    /// Largest demographic-parity difference over the classes.
    public var demographicParityDifference: Double?
    /// Smallest demographic-parity ratio over the classes.
    public var demographicParityRatio: Double?
    /// Smallest p-rule over the classes.
    public var pRule: Double?
    /// Largest equal-opportunity (TPR) difference over the classes.
    public var equalOpportunityDifference: Double?
    /// Largest equalized-odds difference, max(TPR gap, FPR gap), over the classes.
    public var equalizedOddsDifference: Double?
    /// Largest TPR gap + FPR gap over the classes.
    public var equalizedOddsSum: Double?

    /// Computes the metrics; `group[i]` indexes `groupNames`, labels and predictions are in
    /// `0..<classCount`.
    public init(
        predictions: [Int], labels: [Int], group: [Int], groupNames: [String], classCount: Int
    ) {
        precondition(predictions.count == labels.count && labels.count == group.count)
        perClass = (0..<classCount).map { k in
            GroupFairness(
                predictions: predictions.map { $0 == k ? 1 : 0 },
                labels: labels.map { $0 == k ? 1 : 0 }, group: group, groupNames: groupNames)
        }
        groupAccuracy = groupNames.indices.map { g in
            var n = 0
            var correct = 0
            for i in labels.indices where group[i] == g {
                n += 1
                if predictions[i] == labels[i] { correct += 1 }
            }
            return n > 0 ? Double(correct) / Double(n) : nil
        }
        func worst(_ value: (GroupFairness) -> Double?, _ pick: ([Double]) -> Double?) -> Double? {
            pick(perClass.compactMap(value))
        }
        demographicParityDifference = worst(\.demographicParityDifference) { $0.max() }
        demographicParityRatio = worst(\.demographicParityRatio) { $0.min() }
        pRule = worst(\.pRule) { $0.min() }
        equalOpportunityDifference = worst(\.equalOpportunityDifference) { $0.max() }
        equalizedOddsDifference = worst(\.equalizedOddsDifference) { $0.max() }
        equalizedOddsSum = worst(\.equalizedOddsSum) { $0.max() }
    }
}
