import AmuletTensor

/// The pure statistics behind `measure factors`.
public enum FactorStatistics {
    /// O2.1: how well a per-example loss separates members from non-members, as the AUC of
    /// the negated loss (members, with lower loss, score higher).
    ///
    /// AUC = P(−ℓ_member > −ℓ_non-member) + ½·P(tie), the Mann–Whitney statistic; 0.5 when the
    /// losses tell nothing. Reference: Yeom et al., "Privacy Risk in Machine Learning", CSF 2018.
    public static func lossAUC(memberLosses: [Double], nonMemberLosses: [Double]) -> Double {
        ROCCurve(
            scores: memberLosses.map { -$0 } + nonMemberLosses.map { -$0 },
            isPositive: memberLosses.map { _ in true } + nonMemberLosses.map { _ in false }
        ).auc
    }

    /// The two-sample Kolmogorov–Smirnov distance sup_t |F_a(t) − F_b(t)| of two samples'
    /// empirical CDFs; nil when either is empty.
    ///
    /// Reference: Smirnov, Bull. Moscow Univ. 2 (1939).
    public static func ksDistance(_ a: [Double], _ b: [Double]) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let x = a.sorted()
        let y = b.sorted()
        var i = 0
        var j = 0
        var largest = 0.0
        while i < x.count && j < y.count {
            let t = min(x[i], y[j])
            while i < x.count && x[i] <= t { i += 1 }
            while j < y.count && y[j] <= t { j += 1 }
            largest = max(largest, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return largest
    }

    /// O2.2: the largest KS distance between the two groups of any sensitive attribute, of
    /// the model's scores; nil when no attribute has two non-empty groups.
    ///
    /// - Parameters:
    ///   - scores: One score per example (the probability of the positive class).
    ///   - groups: Per attribute, one 0/1 group per example.
    /// - Returns: The largest distance over the attributes.
    public static func largestGroupKSDistance(scores: [Double], groups: [[Int]]) -> Double? {
        groups.compactMap { values -> Double? in
            let pairs = zip(scores, values)
            return ksDistance(
                pairs.filter { $0.1 == 1 }.map(\.0), pairs.filter { $0.1 != 1 }.map(\.0))
        }.max()
    }
}
