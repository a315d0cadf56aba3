/// A receiver operating characteristic curve built from scores and binary labels.
///
/// Scores are thresholds: an example is predicted positive when its score is ≥ the threshold.
/// Tied scores move the curve diagonally in one step (as scikit-learn's `roc_curve`), so the
/// AUC equals the Mann–Whitney probability P(s⁺ > s⁻) + ½P(s⁺ = s⁻).
public struct ROCCurve: Sendable, Equatable, Codable {
    /// False-positive rates, from 0 to 1, non-decreasing.
    public var falsePositiveRates: [Double]
    /// True-positive rates matching `falsePositiveRates`.
    public var truePositiveRates: [Double]
    /// The threshold at each point (`+∞` for the first point).
    public var thresholds: [Double]

    /// Builds the curve; `isPositive[i]` labels `scores[i]`.
    public init<S: BinaryFloatingPoint>(scores: [S], isPositive: [Bool]) {
        precondition(scores.count == isPositive.count, "ROC: scores and labels differ in length")
        let order = scores.indices.sorted { Double(scores[$0]) > Double(scores[$1]) }
        let positives = Double(isPositive.filter { $0 }.count)
        let negatives = Double(isPositive.count) - positives
        var fpr: [Double] = [0]
        var tpr: [Double] = [0]
        var thresholds: [Double] = [.infinity]
        var truePositives = 0.0
        var falsePositives = 0.0
        var i = 0
        while i < order.count {
            let threshold = Double(scores[order[i]])
            while i < order.count && Double(scores[order[i]]) == threshold {
                if isPositive[order[i]] { truePositives += 1 } else { falsePositives += 1 }
                i += 1
            }
            fpr.append(negatives > 0 ? falsePositives / negatives : 0)
            tpr.append(positives > 0 ? truePositives / positives : 0)
            thresholds.append(threshold)
        }
        self.falsePositiveRates = fpr
        self.truePositiveRates = tpr
        self.thresholds = thresholds
    }

    /// The area under the curve by the trapezoid rule.
    public var auc: Double {
        var area = 0.0
        for k in 1..<falsePositiveRates.count {
            let width = falsePositiveRates[k] - falsePositiveRates[k - 1]
            area += width * (truePositiveRates[k] + truePositiveRates[k - 1]) / 2
        }
        return area
    }

    /// The highest TPR among thresholds whose FPR does not exceed `maximumFPR`.
    ///
    /// This is the "TPR at low FPR" of Carlini et al. (S&P 2022): the best attack operating
    /// point that stays within the false-positive budget.
    public func truePositiveRate(atFalsePositiveRate maximumFPR: Double) -> Double {
        var best = 0.0
        for k in falsePositiveRates.indices where falsePositiveRates[k] <= maximumFPR + 1e-12 {
            best = max(best, truePositiveRates[k])
        }
        return best
    }

    /// The best balanced accuracy ½(TPR + 1 − FPR) over all thresholds.
    public var bestBalancedAccuracy: Double {
        var best = 0.5
        for k in falsePositiveRates.indices {
            best = max(best, 0.5 * (truePositiveRates[k] + 1 - falsePositiveRates[k]))
        }
        return best
    }
}
