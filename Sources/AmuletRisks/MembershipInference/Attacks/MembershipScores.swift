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
            let y = labels[r]
            var others: [Double] = []
            for c in 0..<logits.cols where c != y { others.append(Double(logits[r, c])) }
            return Double(logits[r, y]) - Statistics.logSumExp(others)
        }
    }

    /// Minus the cross-entropy loss, log p_y (Yeom et al., CSF 2018): members have lower loss.
    public static func negativeLoss(_ logits: Matrix, labels: [Int]) -> [Double] {
        (0..<logits.rows).map { r in
            let row = (0..<logits.cols).map { Double(logits[r, $0]) }
            return row[labels[r]] - Statistics.logSumExp(row)
        }
    }

    /// The largest class probability (a label-free confidence threshold).
    public static func confidence(_ logits: Matrix) -> [Double] {
        let p = logits.softmaxRows()
        return (0..<p.rows).map { r in Double((0..<p.cols).map { p[r, $0] }.max() ?? 0) }
    }
}
