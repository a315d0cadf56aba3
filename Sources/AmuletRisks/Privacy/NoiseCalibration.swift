import AmuletLearn
import AmuletTensor

/// The smallest noise multiplier σ whose ε after `steps` steps is at most a target, found with
/// few accountant calls.
///
/// The answer is the one plain bisection gives (from [0, 1], doubling the upper end until it
/// meets the target, then halving to a relative 1e-4), but each probe is first decided from
/// what is known: ε falls as σ grows, so every σ at or above one that met the target meets it,
/// and every σ at or below one that missed misses. Before the bisection, a bracket around the
/// answer is found by stepping from the RDP accountant's σ (which meets, RDP being the looser
/// bound) and narrowed with the Illinois variant of regula falsi on log ε against log σ, which
/// converges superlinearly on this smooth curve. The bisection then evaluates only the probes
/// that fall inside the narrow bracket. PRV calls cost more the smaller σ is (23 s at σ = 0.2,
/// q = 0.17, 70 steps): plain bisection probed such σ repeatedly; here probes stay near the
/// answer. The token is polled between calls, and the total is capped at
/// `maximumEvaluations`, after which the smallest σ known to meet is returned (a valid,
/// slightly noisier answer).
///
/// Reference: Dowell & Jarratt, "A modified regula falsi method for computing the root of an
/// equation", BIT 11 (1971) (the Illinois method).
struct NoiseCalibration {
    /// The accountant whose ε is calibrated.
    let accountant: PrivacyAccountant
    /// The ε to reach.
    let target: Double
    /// Sampling rate q.
    let samplingRate: Double
    /// Steps of DP-SGD.
    let steps: Int
    /// δ.
    let delta: Double
    /// Polled between accountant calls.
    let cancellation: CancellationToken?

    /// A calibration of `accountant` to ε ≤ `target`.
    init(
        accountant: PrivacyAccountant, target: Double, samplingRate: Double, steps: Int,
        delta: Double, cancellation: CancellationToken?
    ) {
        self.accountant = accountant
        self.target = target
        self.samplingRate = samplingRate
        self.steps = steps
        self.delta = delta
        self.cancellation = cancellation
    }

    /// The most accountant calls one calibration makes.
    static let maximumEvaluations = 40
    /// The largest σ tried; above it the target is out of reach.
    static let largestSigma = 1000.0

    /// The smallest σ known to meet the target, and its ε.
    private(set) var meets = Double.infinity
    private var meetsEpsilon = 0.0
    /// The largest σ known to miss it, and its ε.
    private(set) var misses = 0.0
    private var missesEpsilon = Double.infinity
    /// Accountant calls made.
    private(set) var evaluations = 0

    /// ε at σ (infinite when the accountant cannot give it, as for a σ too small for the PRV
    /// grid: its ε is far above any target), recording which side of the target σ lies on.
    mutating func epsilon(_ sigma: Double) throws(CancellationError) -> Double {
        try cancellation?.check()
        evaluations += 1
        let eps =
            (try? accountant.epsilon(
                samplingRate: samplingRate, noiseMultiplier: sigma, steps: steps, delta: delta))
            ?? .infinity
        if eps <= target {
            if sigma < meets { (meets, meetsEpsilon) = (sigma, eps) }
        } else if sigma > misses {
            (misses, missesEpsilon) = (sigma, eps)
        }
        return eps
    }

    /// Whether σ meets the target: decided from the bracket when it can be, else measured.
    mutating func doesMeet(_ sigma: Double) throws(CancellationError) -> Bool {
        if sigma >= meets { return true }
        if sigma <= misses { return false }
        if evaluations >= Self.maximumEvaluations { return false }
        return try epsilon(sigma) <= target
    }

    /// The calibrated σ, or nil when even σ = 1000 does not reach the target.
    mutating func noiseMultiplier() throws(CancellationError) -> Double? {
        try bracket()
        guard meets.isFinite else { return nil }
        try narrow()
        // The bisection plain calibration ran, its probes decided from the bracket where it can.
        var low = 0.0
        var high = 1.0
        while try !doesMeet(high) {
            low = high
            high *= 2
            if high > Self.largestSigma { return nil }
        }
        while high - low > 1e-4 * high {
            let middle = (low + high) / 2
            if try doesMeet(middle) { high = middle } else { low = middle }
        }
        // A probe left undecided by the cap counts as missing: `high` always met.
        return high
    }

    /// Finds σ values on both sides of the answer, starting from the RDP accountant's σ.
    private mutating func bracket() throws(CancellationError) {
        var sigma = 1.0
        if accountant == .prv {
            // RDP's ε is the looser bound, so its σ meets the PRV target too: a near start.
            var loose = NoiseCalibration(
                accountant: .rdp, target: target, samplingRate: samplingRate, steps: steps,
                delta: delta, cancellation: cancellation)
            if let start = try loose.noiseMultiplier() { sigma = start }
        }
        var eps = try epsilon(sigma)
        // Up until the target is met (ε falls as σ grows).
        while eps > target {
            sigma *= 2
            if sigma > Self.largestSigma * 2 { return }
            eps = try epsilon(sigma)
        }
        // Down until it is missed: each step aims just past the target along the log-log
        // slope seen so far (‑2 when unknown, the Gaussian mechanism's ε ∝ 1/σ² regime).
        var slope = -2.0
        var previous = (sigma: sigma, eps: eps)
        while misses == 0 && evaluations < Self.maximumEvaluations / 2 {
            let aim = Math.log(target * 1.05) - Math.log(max(previous.eps, 1e-12))
            let factor = min(0.95, max(0.5, Math.exp(aim / slope)))
            let next = previous.sigma * factor
            let value = try epsilon(next)
            if value.isFinite, previous.eps.isFinite, value != previous.eps {
                let measured =
                    (Math.log(value) - Math.log(previous.eps))
                    / (Math.log(next) - Math.log(previous.sigma))
                if measured.isFinite && measured < -0.1 { slope = measured }
            }
            previous = (next, value)
            if next < 1e-6 { break }
        }
    }

    /// Narrows the bracket with Illinois steps on f(σ) = log ε(σ) − log target.
    private mutating func narrow() throws(CancellationError) {
        guard misses > 0, meets.isFinite else { return }
        let logTarget = Math.log(target)
        var a = (x: Math.log(misses), f: Math.log(missesEpsilon) - logTarget)
        var b = (x: Math.log(meets), f: Math.log(meetsEpsilon) - logTarget)
        var side = 0
        while evaluations < Self.maximumEvaluations - 8 && meets - misses > 2e-5 * meets {
            let x: Double
            if a.f.isFinite && b.f.isFinite && a.f > 0 && b.f <= 0 {
                x = (a.x * b.f - b.x * a.f) / (b.f - a.f)
            } else {
                x = (a.x + b.x) / 2
            }
            // Keep the probe strictly inside, a little away from either end.
            let width = b.x - a.x
            let probe = min(max(x, a.x + 0.01 * width), b.x - 0.01 * width)
            let value = Math.log(try epsilon(Math.exp(probe))) - logTarget
            if value > 0 {
                a = (probe, value)
                if side == -1 { b.f /= 2 }
                side = -1
            } else {
                b = (probe, value)
                if side == 1 { a.f /= 2 }
                side = 1
            }
        }
    }
}
