import AmuletLearn
import AmuletTensor

/// DP-SGD: per-sample clipping to norm C, Gaussian noise of std σ·C on the summed gradient,
/// Poisson subsampling with rate q = batch/N, as a set of hooks on the one training loop.
///
/// The summed clipped gradient is divided by the expected batch size q·N (as Opacus does).
/// Per-sample norms come from each dense layer's ‖aᵢ‖·‖gᵢ‖ (ghost norms), and the clipped
/// sum is one row-scaled matrix product per layer, so no per-sample gradient is formed.
/// Batch-norm mixes samples, so it is removed from the architecture under DP (replaced by
/// group norm in the image models, VGG and ResNet).
/// Reference: Abadi et al., "Deep Learning with Differential Privacy", CCS 2016.
public struct DPSGDDefense: TrainingDefense {
    /// Per-sample clipping norm C.
    public var clipNorm: Double
    /// Noise multiplier σ.
    public var noiseMultiplier: Double
    /// δ of the (ε, δ) guarantee.
    public var delta: Double
    /// Sampling rate q = batch / N.
    public var samplingRate: Double
    /// The ε asked for, when σ was calibrated from it.
    public var targetEpsilon: Double?
    /// The accountant that reports ε (and calibrated σ).
    public var accountant: PrivacyAccountant

    /// A DP-SGD defense with explicit parameters.
    public init(
        clipNorm: Double, noiseMultiplier: Double, delta: Double, samplingRate: Double,
        targetEpsilon: Double?, accountant: PrivacyAccountant = .prv
    ) {
        self.clipNorm = clipNorm
        self.noiseMultiplier = noiseMultiplier
        self.delta = delta
        self.samplingRate = samplingRate
        self.targetEpsilon = targetEpsilon
        self.accountant = accountant
    }

    /// The accountant is part of the identity because the cached summary holds its ε.
    public var identity: String {
        "dp(clip=\(clipNorm),sigma=\(noiseMultiplier),delta=\(delta),q=\(samplingRate),"
            + "accountant=\(accountant.rawValue))"
    }

    public var batchSampling: BatchSampling? { .poisson(rate: samplingRate) }
    public var needsPerSampleGradients: Bool { true }

    /// Per-sample training computes each row's gradient norm (a second backward product per
    /// layer, ‖aᵢ‖²·‖δᵢ‖² for dense layers) and the row-scaled sum, and draws one normal per
    /// parameter per step: about `perSampleWorkFactor` plain steps.
    public var stepWorkFactor: Double { Self.perSampleWorkFactor }

    /// The work of a per-sample (DP-SGD) step relative to a plain one, measured by
    /// `DefenseCostTests` against plain training on the same data.
    public static let perSampleWorkFactor = 1.5

    public func adjust(_ architecture: Architecture, summary: inout TrainingSummary) -> Architecture
    {
        if case .imageModel(let configuration) = architecture,
            configuration.normalization == .batch
        {
            summary.notes.append(
                "batch-norm replaced by group norm (Wu & He 2018): batch-norm mixes samples, "
                    + "which DP-SGD's per-sample clipping forbids")
        } else if architecture.usesBatchNorm {
            summary.notes.append(
                "batch-norm removed: it mixes samples, which DP-SGD's per-sample clipping forbids")
        }
        return architecture.withoutBatchNorm
    }

    /// Clip factor cᵢ = min(1, C/‖gᵢ‖).
    public mutating func scalePerSampleGradients(_ gradients: inout PerSampleGradients) {
        let c = Float(clipNorm)
        for i in gradients.rowScale.indices {
            let norm = gradients.squaredNorms[i].squareRoot()
            gradients.rowScale[i] = norm > c ? c / norm : 1
        }
    }

    /// g ← (Σᵢ cᵢgᵢ + N(0, σ²C²I)) / (q·N), computed as Σᵢ (cᵢ/(q·N))·gᵢ + N(0, (σC/(q·N))²I):
    /// the sum starts as the scaled noise and every sample's row scale takes the 1/(q·N).
    ///
    /// The noise is one normal per parameter per step, about as many draws as a small MLP's
    /// step has multiply-adds per sample. Each step's noise is drawn during the step before
    /// (from a seed taken then), by the helper thread between its halves of the products
    /// (see `NormalsAhead`); the first step's is drawn on the spot. The start is then a copy,
    /// where a plain step zeroes the buffer, and no pass over the parameters follows the sum.
    public mutating func startSummedGradient(
        _ gradient: inout [Float], rowScale: inout [Float], rng: inout SeededGenerator
    ) -> Bool {
        let scale = 1 / Float(max(expectedBatchSize, 1))
        let std = noiseStandardDeviation * scale
        let noise: NormalsAhead
        if let ahead, ahead.count == gradient.count {
            noise = ahead
        } else {
            noise = NormalsAhead(count: gradient.count)
            noise.start(seed: rng.next(), std: std)
            ahead = noise
        }
        noise.withDraws { z in
            gradient.withUnsafeMutableBufferPointer { g in
                guard let source = z.baseAddress, let target = g.baseAddress else { return }
                target.update(from: source, count: min(z.count, g.count))
            }
        }
        noise.start(seed: rng.next(), std: std)
        for i in rowScale.indices { rowScale[i] *= scale }
        return true
    }

    /// The next step's noise, drawn ahead; one per training run (see `prepare`), not part of
    /// the identity.
    private var ahead: NormalsAhead?

    /// σ·C, the standard deviation of the noise on the summed gradient.
    private var noiseStandardDeviation: Float { Float(noiseMultiplier * clipNorm) }

    /// The expected batch size q·N, set when the trainer prepares the training set.
    public var expectedBatchSize: Double = 1

    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {
        expectedBatchSize = samplingRate * Double(trainingSet.count)
        ahead = nil
    }

    /// Reports ε, δ, σ, q and steps of the run; the Rényi order too under RDP.
    ///
    /// Should the PRV accountant fail (a grid too large for the steps taken), ε comes from
    /// the RDP accountant instead, with a note saying so.
    public func finish(summary: inout TrainingSummary, recipe: Recipe, trainingSetSize: Int) {
        let (rdpEpsilon, order) = RDPAccountant.epsilon(
            samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: summary.steps,
            delta: delta)
        var epsilon = rdpEpsilon
        var renyiOrder: Double? = order
        if accountant == .prv {
            renyiOrder = nil
            do {
                epsilon = try PRVAccountant.epsilon(
                    samplingRate: samplingRate, noiseMultiplier: noiseMultiplier,
                    steps: summary.steps, delta: delta)
            } catch {
                summary.notes.append("ε from the RDP accountant: \(error)")
                renyiOrder = order
            }
        }
        summary.privacy = PrivacySpent(
            epsilon: epsilon, delta: delta, noiseMultiplier: noiseMultiplier,
            samplingRate: samplingRate, steps: summary.steps, clipNorm: clipNorm,
            renyiOrder: renyiOrder)
    }

    /// Steps per epoch under Poisson sampling with rate q: ⌈1/q⌉.
    public static func stepsPerEpoch(samplingRate q: Double) -> Int {
        max(1, Int((1 / q).rounded(.up)))
    }
}
