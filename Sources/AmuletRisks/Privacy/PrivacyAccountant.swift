import AmuletLearn

/// Which accountant turns DP-SGD's σ, q and steps into ε: `accountant=rdp|prv`.
///
/// RDP (Mironov et al. 2019) bounds ε through Rényi divergences and is loose by 10–40% at
/// typical settings; PRV (Gopi et al. 2021) composes the privacy loss numerically and reports
/// an upper bound within 0.01 of the true ε, so the same ε needs less noise. Opacus's
/// `PrivacyEngine` defaults to PRV for this reason, and so does `defend dp`.
public enum PrivacyAccountant: String, ParameterChoice {
    case rdp, prv

    /// ε after `steps` steps of the subsampled Gaussian mechanism (an upper bound on the truth).
    public func epsilon(
        samplingRate q: Double, noiseMultiplier sigma: Double, steps: Int, delta: Double
    ) throws -> Double {
        switch self {
        case .rdp:
            return RDPAccountant.epsilon(
                samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: delta
            ).epsilon
        case .prv:
            return try PRVAccountant.epsilon(
                samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: delta)
        }
    }

    /// The smallest noise multiplier whose ε after `steps` steps is at most `targetEpsilon`.
    ///
    /// ε falls as σ grows, so bisection on σ finds it to a relative 1e-4 (Opacus's
    /// `get_noise_multiplier` stops at an ε within 0.01 of the target instead); a bracket found
    /// first keeps the accountant calls few and near the answer (`NoiseCalibration`). A σ so
    /// small that the PRV grid cannot be built counts as too small: its ε is far above any
    /// target. Returns nil when even σ = 1000 does not reach the target.
    /// - Throws: `CancellationError` when `cancellation` is set between accountant calls.
    public func noiseMultiplier(
        targetEpsilon: Double, samplingRate q: Double, steps: Int, delta: Double,
        cancellation: CancellationToken? = nil
    ) throws(CancellationError) -> Double? {
        var calibration = NoiseCalibration(
            accountant: self, target: targetEpsilon, samplingRate: q, steps: steps, delta: delta,
            cancellation: cancellation)
        return try calibration.noiseMultiplier()
    }
}
