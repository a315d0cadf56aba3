import AmuletLearn
import Foundation
import Testing

@testable import AmuletRisks

/// The PRV accountant against Opacus's `PRVAccountant` and the exact Gaussian mechanism.
///
/// Reference ε's were computed with Opacus 1.5's `opacus/accountants/prv.py` and
/// `analysis/prv/*` (copied from github.com/pytorch/opacus, run with numpy 2.4 and scipy 1.17
/// in place of the torch-dependent package imports): `accountant.history = [(σ, q, steps)]`,
/// then `_get_dprv(eps_error=0.01, delta_error=δ/1000).compute_epsilon(δ, δ/1000, 0.01)`,
/// whose third value is what `get_epsilon(δ)` returns. The first three also reproduce
/// Microsoft's prv_accountant values in Opacus's own test (0.27040, 6.20997, 5.67206).
@Suite struct PRVAccountantTests {
    /// (σ, q, steps, δ) and Opacus's (lower, estimate, upper).
    static let opacus: [(Double, Double, Int, Double, Double, Double, Double)] = [
        (0.8, 0.001, 100, 1e-6, 0.25027371411537125, 0.26033854123349354, 0.27040336414933314),
        (1.5, 0.05, 1000, 1e-6, 6.1894169000556865, 6.199692948145638, 6.209969262493502),
        (2.0, 0.2, 100, 1e-6, 5.651523376579387, 5.661789367578298, 5.672055612264331),
        (0.957, 128.0 / 24421, 955, 1e-5, 0.97433849881043, 0.9844227402334339, 0.9945070631881742),
        (
            1.5, 128.0 / 24421, 955, 1e-5, 0.43231671306098174, 0.44235119033094517,
            0.4523856664122674
        ),
        (5.0, 1.0, 3, 1e-5, 1.3161526291530856, 1.326236745661794, 1.3363208550955106),
    ]

    @Test(arguments: 0..<opacus.count) func matchesOpacus(index: Int) throws {
        let (sigma, q, steps, delta, lower, estimate, upper) = Self.opacus[index]
        let bounds = try PRVAccountant.bounds(
            samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: delta)
        #expect(abs(bounds.upper - upper) < 1e-4, "upper \(bounds.upper) vs Opacus \(upper)")
        #expect(abs(bounds.estimate - estimate) < 1e-4, "estimate \(bounds.estimate)")
        #expect(abs(bounds.lower - lower) < 1e-4, "lower \(bounds.lower)")
        let eps = try PRVAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: delta)
        #expect(eps == bounds.upper)
    }

    @Test func fullBatchGaussianIntervalContainsTheExactEpsilon() throws {
        // q = 1: three steps of σ = 5 are one Gaussian mechanism with μ = √3/5, whose exact
        // δ(ε) = Φ(−ε/μ + μ/2) − e^ε Φ(−ε/μ − μ/2) (Balle & Wang, ICML 2018); solved for
        // δ = 1e-5 with scipy's brentq: ε = 1.3262312338955116.
        let exact = 1.3262312338955116
        let bounds = try PRVAccountant.bounds(
            samplingRate: 1, noiseMultiplier: 5, steps: 3, delta: 1e-5)
        #expect(bounds.lower <= exact && exact <= bounds.upper)
        #expect(abs(bounds.estimate - exact) < 1e-3)
    }

    @Test func tighterThanRDPButNeverBelowTheEstimate() throws {
        let q = 128.0 / 24421
        let rdp = RDPAccountant.epsilon(
            samplingRate: q, noiseMultiplier: 1, steps: 955, delta: 1e-5
        ).epsilon
        let bounds = try PRVAccountant.bounds(
            samplingRate: q, noiseMultiplier: 1, steps: 955, delta: 1e-5)
        #expect(bounds.upper < rdp)
        #expect(bounds.lower < bounds.estimate && bounds.estimate < bounds.upper)
    }

    @Test func adultCalibrationPicksOpacusSigma() throws {
        // Batch 128, 5 epochs over 24,421 rows, δ = 1e-5, ε = 1: Opacus's get_noise_multiplier
        // with accountant="prv" returns σ = 0.95703125 (its bisection stops within 0.01 in ε).
        let q = 128.0 / 24421
        let steps = 5 * Int((24421.0 / 128).rounded(.up))
        let sigma = try #require(
            try PrivacyAccountant.prv.noiseMultiplier(
                targetEpsilon: 1, samplingRate: q, steps: steps, delta: 1e-5))
        #expect(abs(sigma - 0.957) / 0.957 < 0.02, "σ = \(sigma)")
        let eps = try PRVAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: 1e-5)
        #expect(eps <= 1 && eps > 0.995)
        let rdpSigma = try #require(
            try PrivacyAccountant.rdp.noiseMultiplier(
                targetEpsilon: 1, samplingRate: q, steps: steps, delta: 1e-5))
        #expect(rdpSigma > sigma * 1.1, "RDP needs more noise: \(rdpSigma) vs \(sigma)")
    }

    /// Where Opacus's grid would exceed 2²² points, a coarser ε_err still answers, and the
    /// answer agrees with Opacus's `get_epsilon` (214.9 at σ 0.8, 127.9 at σ 1; q 0.1,
    /// 10,000 steps, δ 1e-5, as quoted in issue 22).
    @Test(arguments: [(0.8, 214.9), (1.0, 127.9)])
    func coarsensTheGridInsteadOfRefusing(sigma: Double, opacus: Double) throws {
        let bounds = try PRVAccountant.bounds(
            samplingRate: 0.1, noiseMultiplier: sigma, steps: 10_000, delta: 1e-5)
        #expect(bounds.epsilonError > 0.01, "ε_err \(bounds.epsilonError)")
        #expect(bounds.lower <= opacus + 0.05 && bounds.upper >= opacus - 0.05)
        #expect(abs(bounds.estimate - opacus) < 0.1, "estimate \(bounds.estimate)")
        #expect(bounds.upper - bounds.lower < 4 * bounds.epsilonError + 0.05)
        // Tighter than Rényi DP even so.
        let rdp = RDPAccountant.epsilon(
            samplingRate: 0.1, noiseMultiplier: sigma, steps: 10_000, delta: 1e-5
        ).epsilon
        #expect(bounds.upper < rdp)
    }

    @Test func measurePrivacyAnswersWithACoarserGridAndSaysSo() throws {
        let call = PluginCall(
            given: ParameterValues([
                "sigma": .number(0.8), "q": .number(0.1), "steps": .number(10_000),
            ]))
        let evaluation = try #require(try PrivacyMetric.evaluateWithoutModel(call))
        let eps = try #require(evaluation.measurements.first?.value)
        #expect(abs(eps - 214.9) < 0.3, "ε \(eps)")
        #expect(evaluation.notes.contains { $0.contains("coarsened") })
    }

    /// Plain bisection, as calibration ran before it bracketed: the reference answer.
    static func plainBisection(
        _ accountant: PrivacyAccountant, target: Double, q: Double, steps: Int, delta: Double
    ) -> Double? {
        let meets = { (sigma: Double) -> Bool in
            guard
                let eps = try? accountant.epsilon(
                    samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: delta)
            else { return false }
            return eps <= target
        }
        var (low, high) = (0.0, 1.0)
        while !meets(high) {
            (low, high) = (high, high * 2)
            if high > 1000 { return nil }
        }
        while high - low > 1e-4 * high {
            let middle = (low + high) / 2
            if meets(middle) { high = middle } else { low = middle }
        }
        return high
    }

    /// The bracketed calibration gives plain bisection's σ exactly, with fewer accountant
    /// calls, for both accountants and targets from strict to loose.
    @Test(arguments: [0.5, 2.0, 8.0])
    func calibrationEqualsPlainBisection(target: Double) throws {
        let (q, steps, delta) = (0.05, 50, 1e-5)
        for accountant in [PrivacyAccountant.rdp, .prv] {
            let reference = Self.plainBisection(
                accountant, target: target, q: q, steps: steps, delta: delta)
            var calibration = NoiseCalibration(
                accountant: accountant, target: target, samplingRate: q, steps: steps,
                delta: delta, cancellation: nil)
            let sigma = try calibration.noiseMultiplier()
            #expect(
                sigma == reference, "\(accountant) ε=\(target): \(sigma ?? 0) vs \(reference ?? 0)")
            #expect(calibration.evaluations <= NoiseCalibration.maximumEvaluations)
        }
    }

    /// ε = 100 on COMPAS (q = 0.166, 70 steps) needs σ ≈ 0.33, where one PRV call is quick but
    /// a probe at σ = 0.2 took 23 s: calibration stays near the answer, and its σ is minimal.
    @Test func looseTargetsCalibrateWithFewCallsNearTheAnswer() throws {
        let (q, steps, delta) = (256.0 / 1543, 70, 1e-5)
        var calibration = NoiseCalibration(
            accountant: .prv, target: 100, samplingRate: q, steps: steps, delta: delta,
            cancellation: nil)
        let sigma = try #require(try calibration.noiseMultiplier())
        #expect(calibration.evaluations <= 20, "\(calibration.evaluations) PRV calls")
        let eps = try PRVAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: delta)
        #expect(eps <= 100 && eps > 99)
        let below = try PRVAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma * (1 - 2e-4), steps: steps, delta: delta)
        #expect(below > 100)
    }

    /// A set token stops the calibration at its next accountant call.
    @Test func aCancelledCalibrationThrows() {
        let token = CancellationToken()
        token.cancel()
        #expect(throws: CancellationError.self) {
            try PrivacyAccountant.prv.noiseMultiplier(
                targetEpsilon: 1, samplingRate: 0.01, steps: 100, delta: 1e-5, cancellation: token)
        }
    }
}
