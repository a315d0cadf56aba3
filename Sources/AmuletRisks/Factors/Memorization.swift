/// D2: the tail of the distribution, as the share of rows a recipe memorises, estimated from
/// models trained with and without each row.
///
/// Feldman & Zhang's memorisation of example i by a training algorithm A on a set S is
/// mem(A, S, i) = P[h(xᵢ) = yᵢ | h ← A(S)] − P[h(xᵢ) = yᵢ | h ← A(S ∖ {i})]: how much more
/// often models that saw the row get it right than models that did not. With K models each
/// trained on a random half of the training split (LiRA's shadow models, so a matrix that
/// runs LiRA trains none twice), the estimate is the mean correctness over the models that
/// kept row i minus the mean over those that did not. Rows with high memorisation are the
/// atypical, long-tail rows that only memorising gets right (Feldman, STOC 2020); their
/// share is the factor. "Right" here is p_y > ½ (a positive LiRA score), which for two
/// classes is the prediction itself and for more a confident prediction.
///
/// Reference: Feldman & Zhang, "What Neural Networks Memorize and Why: Discovering the Long
/// Tail via Influence Estimation", NeurIPS 2020, eq. (1) and the subsampled estimator of §2.
public struct Memorization: Sendable, Equatable {
    /// Each row's estimate in [−1, 1]; nil where every model kept the row or none did.
    public var scores: [Double?]

    /// The estimate from `keep[m][i]` (model m trained on row i) and `correct[m][i]` (model m
    /// classifies row i right).
    public init(keep: [[Bool]], correct: [[Bool]]) {
        let rows = keep.first?.count ?? 0
        scores = (0..<rows).map { i in
            var inRight = 0
            var inCount = 0
            var outRight = 0
            var outCount = 0
            for m in keep.indices where i < keep[m].count && i < correct[m].count {
                if keep[m][i] {
                    inCount += 1
                    if correct[m][i] { inRight += 1 }
                } else {
                    outCount += 1
                    if correct[m][i] { outRight += 1 }
                }
            }
            guard inCount > 0, outCount > 0 else { return nil }
            return Double(inRight) / Double(inCount) - Double(outRight) / Double(outCount)
        }
    }

    /// The share of estimable rows whose memorisation is at least `threshold`; nil when no
    /// row is estimable.
    public func share(atLeast threshold: Double) -> Double? {
        let known = scores.compactMap { $0 }
        guard !known.isEmpty else { return nil }
        return Double(known.filter { $0 >= threshold }.count) / Double(known.count)
    }
}
