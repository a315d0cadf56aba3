import AmuletTensor

/// Privacy loss random variable (PRV) accountant of DP-SGD: (ε, δ) of k steps of the
/// Poisson-subsampled Gaussian mechanism by numerically composing the per-step privacy loss.
///
/// The per-step loss L is discretised on a grid of spacing
/// h = ε_err / √(k·log(12/δ_err)/2) over [−B, B], where B = max(ε_RDP(δ_err/4) after k steps,
/// ε_RDP(δ_err/(8k)) of one step, ε_err) + 3 (remark 5.6); the k-fold sum comes from one FFT.
/// Then δ(ε) = E[(1 − e^{ε−L})₊] is inverted. The computed ε is within ε_err of the truth when
/// δ is moved by δ_err, so [ε(δ + δ_err) − ε_err, ε(δ − δ_err) + ε_err] contains the true ε;
/// `epsilon` reports the upper end (a guarantee, never an underestimate), as Opacus's
/// `PRVAccountant.get_epsilon` with its defaults ε_err = 0.01, δ_err = δ/1000.
///
/// Where that grid would exceed `maximumGridSize` points (many steps, little noise, as
/// σ = 0.8, q = 0.1, 10,000 steps), ε_err is raised until it fits: the spacing is proportional
/// to ε_err, and the interval with the larger ε_err is still a valid bound, only wider
/// (`Bounds.epsilonError` says by how much).
///
/// Reference: Gopi, Lee & Wutschitz, "Numerical Composition of Differential Privacy",
/// NeurIPS 2021 (arXiv:2106.02848); Opacus `opacus/accountants/prv.py`.
public enum PRVAccountant {
    /// Largest grid the accountant builds (2²² points, 64 MB in the FFT); beyond it, use RDP.
    public static let maximumGridSize = 1 << 22

    /// ε's error interval: the estimate and the bounds that contain the true ε.
    public struct Bounds: Sendable, Equatable {
        /// ε(δ + δ_err) − ε_err.
        public var lower: Double
        /// ε at δ on the discrete distribution.
        public var estimate: Double
        /// ε(δ − δ_err) + ε_err: the guarantee.
        public var upper: Double
        /// The ε_err used: the one asked for, or the larger one a grid of at most
        /// `maximumGridSize` points allows.
        public var epsilonError: Double
    }

    /// The error interval of ε after `steps` steps.
    public static func bounds(
        samplingRate q: Double, noiseMultiplier sigma: Double, steps: Int, delta: Double,
        epsilonError: Double = 0.01, deltaError: Double? = nil
    ) throws(PRVAccountantError) -> Bounds {
        if steps <= 0 || q <= 0 {
            return Bounds(lower: 0, estimate: 0, upper: 0, epsilonError: epsilonError)
        }
        let deltaError = deltaError ?? delta / 1000
        let prv = SubsampledGaussianPRV(samplingRate: q, noiseMultiplier: sigma)
        var epsilonError = epsilonError
        var found: PRVDomain?
        // The grid's point count is inversely proportional to ε_err: one rescale fits it;
        // the margin covers the rounding of the half-width to whole steps.
        for _ in 0..<4 {
            do throws(PRVAccountantError) {
                found = try self.domain(
                    prv, steps: steps, epsilonError: epsilonError, deltaError: deltaError)
                break
            } catch .domainTooLarge(let points, let maximum) where points.isFinite {
                epsilonError *= points / Double(maximum) * 1.01
            }
        }
        guard let domain = found else {
            throw .domainTooLarge(points: .infinity, maximum: maximumGridSize)
        }
        guard Double.ulpOfOne * Double(domain.size) <= delta - deltaError else {
            throw .deltaTooSmall(delta: delta, gridSize: domain.size)
        }
        let composed = try DiscretePRV.discretize(prv, domain: domain).composed(count: steps)
        let values = composed.epsilons(forDeltas: [delta - deltaError, delta + deltaError, delta])
        guard let upper = values[0], let lower = values[1], let estimate = values[2] else {
            throw .epsilonNotFound(delta: delta)
        }
        return Bounds(
            lower: lower - epsilonError, estimate: estimate, upper: upper + epsilonError,
            epsilonError: epsilonError)
    }

    /// ε after `steps` steps: the upper end of the error interval (never below the true ε).
    public static func epsilon(
        samplingRate q: Double, noiseMultiplier sigma: Double, steps: Int, delta: Double
    ) throws(PRVAccountantError) -> Double {
        try bounds(samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: delta).upper
    }

    /// The grid for `steps` compositions of `prv` (Gopi et al., remark 5.6, as Opacus computes
    /// it): half-width from the RDP accountant's ε at small δ, plus 3.
    static func domain(
        _ prv: SubsampledGaussianPRV, steps: Int, epsilonError: Double, deltaError: Double
    ) throws(PRVAccountantError) -> PRVDomain {
        let q = prv.samplingRate
        let sigma = prv.noiseMultiplier
        let composedBound = RDPAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: deltaError / 4
        ).epsilon
        let stepBound = RDPAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma, steps: 1,
            delta: deltaError / (8 * Double(steps))
        ).epsilon
        let halfWidth = max(composedBound, stepBound, epsilonError) + 3
        let step = epsilonError / (Double(steps) * Math.log(12 / deltaError) / 2).squareRoot()
        let points = 2 * (halfWidth / step).rounded(.up) + 2
        guard points.isFinite, points <= Double(maximumGridSize) else {
            throw .domainTooLarge(points: points, maximum: maximumGridSize)
        }
        return PRVDomain.aligned(halfWidth: halfWidth, step: step)
    }
}

/// Why the PRV accountant could not give ε.
public enum PRVAccountantError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The grid needed is larger than `PRVAccountant.maximumGridSize`.
    case domainTooLarge(points: Double, maximum: Int)
    /// δ is so small that rounding in the grid's sums would dominate it.
    case deltaTooSmall(delta: Double, gridSize: Int)
    /// The discretised mean moved by more than half a grid step (the grid is too coarse).
    case meanMismatch(shift: Double, step: Double)
    /// δ(ε) never reached the target on the grid.
    case epsilonNotFound(delta: Double)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .domainTooLarge(let points, let maximum):
            return "the PRV accountant would need a grid of \(points) points (at most \(maximum)); "
                + "use accountant=rdp for this many steps or this little noise"
        case .deltaTooSmall(let delta, let size):
            return "delta=\(delta) is too small for the PRV accountant's grid of \(size) points; "
                + "use a larger delta or accountant=rdp"
        case .meanMismatch(let shift, let step):
            return "the PRV discretisation moved the mean by \(shift), more than half its step "
                + "\(step); use accountant=rdp"
        case .epsilonNotFound(let delta):
            return "the PRV accountant found no ε for delta=\(delta); use accountant=rdp"
        }
    }
}
