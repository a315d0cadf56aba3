import AmuletData
import AmuletLearn
import Foundation

/// Whether a trained model learned anything: how much it predicts one class, and how far its
/// accuracy is from always answering the majority class.
///
/// A model that predicts one class for ≥ 99% of the test split, or whose accuracy is no more
/// than 0.5 points above the majority rate (within 0.5 points of it, or below it), is
/// degenerate: it does no better than answering the most frequent class, so its fairness gaps
/// look closed and its membership AUC looks safe for no reason.
public struct ModelHealth: Sendable, Equatable {
    /// The class predicted most often.
    public var dominantClass: String
    /// The fraction of test examples predicted as `dominantClass`.
    public var dominantShare: Double
    /// Test accuracy.
    public var accuracy: Double
    /// The accuracy of always answering the most frequent test label.
    public var majorityRate: Double

    /// Share of one predicted class at or above which a model is degenerate.
    public static let dominantShareLimit = 0.99
    /// Accuracy less than this above the majority rate is degenerate.
    public static let majorityMargin = 0.005

    /// The health of `network` on `test`.
    public init(network: Network, test: Dataset) {
        let predictions = network.predictions(test.features)
        var predicted = [Int](repeating: 0, count: max(test.classCount, 1))
        var actual = [Int](repeating: 0, count: max(test.classCount, 1))
        var correct = 0
        for (p, y) in zip(predictions, test.labels) {
            if p >= 0 && p < predicted.count { predicted[p] += 1 }
            if y >= 0 && y < actual.count { actual[y] += 1 }
            if p == y { correct += 1 }
        }
        let n = Double(max(test.count, 1))
        let top = predicted.indices.max { predicted[$0] < predicted[$1] } ?? 0
        dominantClass = top < test.classNames.count ? test.classNames[top] : "\(top)"
        dominantShare = Double(predicted[top]) / n
        accuracy = Double(correct) / n
        majorityRate = Double(actual.max() ?? 0) / n
    }

    /// Whether the model is degenerate.
    public var isDegenerate: Bool {
        dominantShare >= Self.dominantShareLimit
            || accuracy - majorityRate <= Self.majorityMargin
    }

    /// The warning a reader must see about model `label`, or nil when it is healthy.
    public func warning(label: String) -> String? {
        guard isDegenerate else { return nil }
        let share = String(format: "%.1f%%", 100 * dominantShare)
        return "warning: '\(label)' is a near-constant model: it predicts '\(dominantClass)' for "
            + "\(share) of the test split, and its accuracy \(Self.rounded(accuracy)) is no better "
            + "than the majority rate \(Self.rounded(majorityRate)). Its fairness and "
            + "attack numbers describe a model that learned nothing; its rows are flagged (!). "
            + "Try more epochs=, a larger lr=, or a weaker defense (such as a larger eps=)."
    }

    private static func rounded(_ x: Double) -> String { String(format: "%.3f", x) }
}
