import AmuletTensor

/// Robust membership inference (RMIA): how often x's likelihood ratio beats population samples'.
///
/// With Pr(x|θ) the target's probability of x's label and Pr(x) its average over reference
/// (shadow) models, x's ratio is r(x) = Pr(x|θ)/Pr(x); the score is the fraction of population
/// samples z with r(x)/r(z) > γ (γ = 1 here). Pr(x) averages all shadows online; offline it
/// averages only the shadows that did not train on x and corrects for the missing in-models
/// with Pr(x) ≈ ½((1 + a)·Pr_out(x) + (1 − a)), a linear fit of Pr_in from Pr_out. Comparing
/// against z instead of a per-example Gaussian (LiRA) keeps RMIA strong with few shadows.
///
/// The z's are the adversary's rows (the target's non-members); Pr(z) uses the same rule as
/// Pr(x), so z's own out-shadows offline. Probabilities come from LiRA's scaled logits
/// s = log(p/(1 − p)) by p = 1/(1 + e^{−s}), so both attacks read the same shadow scores.
///
/// Reference: Zarifzadeh, Liu, Chang & Shokri, "Low-Cost High-Power Membership Inference
/// Attacks", ICML 2024; offline a = 0.3 as privacy_meter's `get_out_ref_signals` default.
struct RMIAAttack {
    /// Whether Pr(x) averages all shadows (online) or only the out-shadows, corrected by `a`.
    var online: Bool
    /// The offline correction a in [0, 1].
    var offlineA: Double
    /// The ratio threshold γ.
    var gamma: Double = 1

    /// Membership scores of every example given the target's scaled logits, the shadows and
    /// the indices of the population samples.
    func scores(targetScores: [Double], shadows: ShadowModels, population: [Int]) -> [Double] {
        let n = targetScores.count
        var logRatios = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var total = 0.0
            var count = 0
            for i in shadows.scores.indices where online || !shadows.keep[i][j] {
                total += Self.probability(fromScaledLogit: shadows.scores[i][j])
                count += 1
            }
            let mean = total / Double(max(count, 1))
            let reference = online ? mean : (1 + offlineA) / 2 * mean + (1 - offlineA) / 2
            logRatios[j] =
                Self.logProbability(fromScaledLogit: targetScores[j])
                - Math.log(max(reference, 1e-300))
        }
        let sortedPopulation = population.map { logRatios[$0] }.sorted()
        let logGamma = Math.log(gamma)
        let size = Double(max(sortedPopulation.count, 1))
        return logRatios.map { Double(Self.countBelow(sortedPopulation, $0 - logGamma)) / size }
    }

    /// p = 1/(1 + e^{−s}).
    static func probability(fromScaledLogit s: Double) -> Double { 1 / (1 + Math.exp(-s)) }

    /// log p = −log(1 + e^{−s}), accurate when p is near 1.
    static func logProbability(fromScaledLogit s: Double) -> Double {
        s > 0 ? -Math.log1p(Math.exp(-s)) : s - Math.log1p(Math.exp(s))
    }

    /// How many entries of the ascending `sorted` are strictly below `value`.
    static func countBelow(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = low + (high - low) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
