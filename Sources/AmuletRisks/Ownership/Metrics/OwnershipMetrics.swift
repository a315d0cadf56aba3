/// The metrics of the model-ownership risk: extraction, watermarking and fingerprinting.
///
/// Directions are the defender's: a surrogate that copies the target well is bad news, a
/// watermark that survives is good news. Fingerprint p-values are neutral, since a small one
/// is the right answer for a stolen suspect and the wrong one for an independent model.
public enum OwnershipMetrics {
    /// Test accuracy of the extracted surrogate.
    public static let surrogateAccuracy = MetricID(
        "extraction.accuracy", risk: .ownership, unit: .ratio, direction: .lowerIsBetter,
        doc: "test accuracy of the surrogate the adversary extracted")
    /// Agreement of surrogate and target on the test split.
    public static let fidelity = MetricID(
        "extraction.fidelity", risk: .ownership, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline,
        doc: "fraction of test examples on which the surrogate predicts what the target predicts")
    /// Agreement on the test points the target classifies correctly.
    public static let correctFidelity = MetricID(
        "extraction.correct_fidelity", risk: .ownership, unit: .ratio,
        direction: .lowerIsBetter,
        doc: "agreement with the target on the test examples the target gets right")
    /// Number of queries the adversary made.
    public static let queries = MetricID(
        "extraction.queries", risk: .ownership, unit: .count, direction: .neutral,
        doc: "queries the adversary sent to the target (rows of its own data)")
    /// Watermark accuracy of a model.
    public static let watermarkAccuracy = MetricID(
        "watermark.accuracy", risk: .ownership, unit: .ratio, direction: .higherIsBetter,
        scope: .headline,
        doc: "fraction of the watermark trigger set the model labels as the owner chose")
    /// Watermark accuracy of a surrogate extracted from the model.
    public static let surrogateWatermarkAccuracy = MetricID(
        "watermark.surrogate_accuracy", risk: .ownership, unit: .ratio,
        direction: .higherIsBetter,
        doc: "watermark accuracy of a surrogate extracted from the watermarked model")
    /// The dataset-inference p-value of a suspect model.
    public static let fingerprintPValue = MetricID(
        "fingerprint.p_value", risk: .ownership, unit: .number, direction: .neutral,
        scope: .headline,
        doc: "dataset inference: p-value that the suspect was not derived from the owner's data "
            + "(small flags a stolen model)")
    /// Mean score difference between members and non-members.
    public static let fingerprintMeanDifference = MetricID(
        "fingerprint.mean_difference", risk: .ownership, unit: .number, direction: .neutral,
        doc: "dataset inference: mean membership score of the owner's training data minus that "
            + "of unseen data, on the suspect")
}
