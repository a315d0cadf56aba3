import AmuletLearn
import AmuletTensor

/// Per-example statistics of a model's output that membership attacks threshold.
public enum MembershipScores {
    /// LiRA's logit-scaled confidence log p_y − log(1 − p_y) = z_y − log Σ_{k≠y} e^{z_k}.
    ///
    /// Computed from the logits directly, so it stays finite when p_y rounds to 1 in Float.
    /// Reference: Carlini et al., S&P 2022, section IV.
    public static func scaledLogits(_ logits: Matrix, labels: [Int]) -> [Double] {
        (0..<logits.rows).map { r in
            Double(logits[r, labels[r]]) - logSumExp(logits, row: r, skipping: labels[r])
        }
    }

    /// Minus the cross-entropy loss, log p_y (Yeom et al., CSF 2018): members have lower loss.
    public static func negativeLoss(_ logits: Matrix, labels: [Int]) -> [Double] {
        (0..<logits.rows).map { r in
            Double(logits[r, labels[r]]) - logSumExp(logits, row: r, skipping: nil)
        }
    }

    /// log Σ_c e^{z_rc} over the row's classes except `skipping`, stable and without allocating.
    static func logSumExp(_ logits: Matrix, row r: Int, skipping: Int?) -> Double {
        var maximum = -Double.infinity
        for c in 0..<logits.cols where c != skipping {
            maximum = max(maximum, Double(logits[r, c]))
        }
        guard maximum.isFinite else { return maximum }
        var total = 0.0
        for c in 0..<logits.cols where c != skipping {
            total += Math.exp(Double(logits[r, c]) - maximum)
        }
        return maximum + Math.log(total)
    }

    /// The largest class probability (a label-free confidence threshold).
    public static func confidence(_ logits: Matrix) -> [Double] {
        let p = logits.softmaxRows()
        return (0..<p.rows).map { r in Double((0..<p.cols).map { p[r, $0] }.max() ?? 0) }
    }
}
