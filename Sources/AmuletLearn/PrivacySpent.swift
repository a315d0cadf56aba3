/// The (ε, δ) guarantee of one DP-SGD run and the quantities it was computed from.
///
/// Written by the DP-SGD defense when training finishes and read as typed fields by the
/// privacy metrics, so a renamed or missing quantity is a compile error, not a silently
/// dropped measurement. Reference: Abadi et al., CCS 2016 (DP-SGD); Mironov, CSF 2017 (RDP).
public struct PrivacySpent: Sendable, Codable, Equatable {
    /// ε of the guarantee.
    public var epsilon: Double
    /// δ of the guarantee.
    public var delta: Double
    /// Noise multiplier σ: the Gaussian noise's standard deviation over the clip norm.
    public var noiseMultiplier: Double
    /// Poisson sampling rate q of each step's batch.
    public var samplingRate: Double
    /// Optimizer steps taken, each a composition of the accountant.
    public var steps: Int
    /// Per-sample gradient clip norm C.
    public var clipNorm: Double
    /// The Rényi order at which the RDP accountant's bound was tightest; nil under PRV.
    public var renyiOrder: Double?

    /// A spent budget.
    public init(
        epsilon: Double, delta: Double, noiseMultiplier: Double, samplingRate: Double,
        steps: Int, clipNorm: Double, renyiOrder: Double? = nil
    ) {
        self.epsilon = epsilon
        self.delta = delta
        self.noiseMultiplier = noiseMultiplier
        self.samplingRate = samplingRate
        self.steps = steps
        self.clipNorm = clipNorm
        self.renyiOrder = renyiOrder
    }
}
