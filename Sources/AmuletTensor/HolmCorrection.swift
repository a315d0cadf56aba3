/// Holm's step-down adjustment of p-values for a family of tests, which keeps the
/// family-wise error rate at α without assuming independence.
///
/// With the m p-values sorted, p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value is
/// p̃₍ᵢ₎ = maxⱼ≤ᵢ min(1, (m − j + 1)·p₍ⱼ₎); hypothesis i is rejected at family-wise level α
/// exactly when p̃ᵢ ≤ α. nan entries are left out of the family and stay nan.
///
/// Reference: Holm, "A simple sequentially rejective multiple test procedure", Scandinavian
/// Journal of Statistics 6(2), 65–70 (1979).
public enum HolmCorrection {
    /// The adjusted p-values, in the order given.
    public static func adjusted(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.filter { !pValues[$0].isNaN }.sorted {
            (pValues[$0], $0) < (pValues[$1], $1)
        }
        var result = pValues
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(order.count - rank) * pValues[index]))
            result[index] = running
        }
        return result
    }
}
