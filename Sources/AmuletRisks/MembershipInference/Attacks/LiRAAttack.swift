import AmuletTensor

/// The Likelihood Ratio Attack: per-example Gaussians of shadow-model scores.
///
/// For each example, the scaled-logit scores of shadows that trained on it ("in") and that did
/// not ("out") are modelled as Gaussians with the median as mean (robust to outlier shadows)
/// and either a per-example or one global standard deviation. Online LiRA scores the target's
/// score t by log N(t; μ_in, σ_in) − log N(t; μ_out, σ_out); offline LiRA uses only the out
/// models, with the one-sided test log Φ((t − μ_out)/σ_out).
/// Reference: Carlini et al., "Membership Inference Attacks From First Principles", S&P 2022.
struct LiRAAttack {
    /// Whether to use the in-models (online) or only the out-models (offline).
    var online: Bool
    /// One pooled standard deviation instead of one per example (better with few shadows).
    var globalVariance: Bool

    /// Membership scores of the target's `targetScores` given the shadows.
    func scores(targetScores: [Double], shadows: ShadowModels) -> [Double] {
        let n = targetScores.count
        var inMeans = [Double](repeating: 0, count: n)
        var outMeans = [Double](repeating: 0, count: n)
        var inStd = [Double](repeating: 1, count: n)
        var outStd = [Double](repeating: 1, count: n)
        var inResiduals: [Double] = []
        var outResiduals: [Double] = []
        for j in 0..<n {
            var inScores: [Double] = []
            var outScores: [Double] = []
            for i in shadows.scores.indices {
                if shadows.keep[i][j] {
                    inScores.append(shadows.scores[i][j])
                } else {
                    outScores.append(shadows.scores[i][j])
                }
            }
            inMeans[j] = Statistics.median(inScores)
            outMeans[j] = Statistics.median(outScores)
            inStd[j] = Statistics.standardDeviation(inScores)
            outStd[j] = Statistics.standardDeviation(outScores)
            inResiduals += inScores.map { $0 - inMeans[j] }
            outResiduals += outScores.map { $0 - outMeans[j] }
        }
        if globalVariance {
            let globalIn = max(Statistics.standardDeviation(inResiduals), 1e-6)
            let globalOut = max(Statistics.standardDeviation(outResiduals), 1e-6)
            inStd = [Double](repeating: globalIn, count: n)
            outStd = [Double](repeating: globalOut, count: n)
        }
        return (0..<n).map { j in
            let t = targetScores[j]
            let sOut = max(outStd[j], 1e-6)
            if online {
                let sIn = max(inStd[j], 1e-6)
                return Statistics.normalLogPDF(t, mean: inMeans[j], std: sIn)
                    - Statistics.normalLogPDF(t, mean: outMeans[j], std: sOut)
            }
            let z = (t - outMeans[j]) / sOut
            return Math.log(max(Statistics.normalCDF(z), 1e-300))
        }
    }
}
