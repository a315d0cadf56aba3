import AmuletTensor

/// How well a distribution-inference test tells models of ratio 1 from models of ratio 2.
///
/// Measured on models of known ratio (held-out population models by default, or test models
/// trained on the target's side of the data, the Python Amulet's victim models): the
/// distinguishing accuracy of the decision "ratio 2 when
/// the score is above ½" and the AUC of the scores. Each test (`kl`, `meta`) is the subject,
/// shown as `distribution.kl.accuracy`.
/// Reference: Suri & Evans, "Formalizing and Estimating Distribution Inference Risks",
/// PETS 2022, section 3 (distinguishing accuracy).
struct DistributionMetrics: Sendable, Equatable {
    /// Fraction of test models whose ratio the test names correctly.
    var accuracy: Double
    /// AUC of the scores, ratio 2 positive.
    var auc: Double

    /// Metrics of `scores` (above ½ means ratio 2) against whether each model is of ratio 2.
    init(scores: [Double], isRatio2: [Bool]) {
        let correct = zip(scores, isRatio2).filter { ($0.0 > 0.5) == $0.1 }.count
        accuracy = scores.isEmpty ? .nan : Double(correct) / Double(scores.count)
        auc = ROCCurve(scores: scores, isPositive: isRatio2).auc
    }

    /// Distinguishing accuracy.
    static let accuracyMetric = MetricID(
        "distribution.accuracy", risk: .distributionInference, unit: .ratio,
        direction: .lowerIsBetter,
        scope: .headline,
        doc: "distinguishing accuracy on held-out models of known ratio (0.5 is guessing)")
    /// AUC of the distinguishing scores.
    static let aucMetric = MetricID(
        "distribution.auc", risk: .distributionInference, unit: .ratio,
        direction: .lowerIsBetter, doc: "AUC of the distinguishing scores (0.5 is guessing)")
    /// The target's score.
    static let targetScore = MetricID(
        "distribution.target_score", risk: .distributionInference, unit: .ratio,
        direction: .neutral,
        doc: "the test's score that the target trained on ratio 2 (above 0.5: judged ratio 2)")
    /// The target's actual ratio.
    static let memberRatio = MetricID(
        "distribution.member_ratio", risk: .distributionInference, unit: .ratio,
        direction: .neutral,
        doc: "the actual fraction of the target's training members that have the attribute")

    /// The metrics the attack reports.
    static let reported = [accuracyMetric, aucMetric, targetScore, memberRatio]

    /// The measurements, each about `test`, with the target's score.
    func measurements(test: String, targetScore score: Double) -> [Measurement] {
        [
            Measurement(Self.accuracyMetric, subject: test, value: accuracy.isNaN ? nil : accuracy),
            Measurement(Self.aucMetric, subject: test, value: auc.isNaN ? nil : auc),
            Measurement(Self.targetScore, subject: test, value: score),
        ]
    }
}
