import AmuletRisks
import Foundation
import Testing

/// The accountant against values computed by Opacus's RDP accountant (default orders).
@Suite struct RDPAccountantTests {
    @Test func mnistSettingMatchesOpacus() {
        // q = 256/60000, σ = 1.1, 60 epochs = 14,063 steps, δ = 1e-5: Opacus gives ε ≈ 2.60.
        let eps = RDPAccountant.epsilon(samplingRate: 256.0 / 60000, noiseMultiplier: 1.1, steps: 14_063, delta: 1e-5).epsilon
        #expect(abs(eps - 2.60) / 2.60 < 0.02, "ε = \(eps)")
    }

    @Test func fullBatchGaussianMatchesTheClosedForm() {
        // q = 1: RDP(α) = α/(2σ²), an independent closed form; minimise the conversion by hand.
        let sigma = 5.0
        var best = Double.infinity
        for alpha in RDPAccountant.defaultOrders {
            let rdp = alpha / (2 * sigma * sigma)
            best = min(best, rdp + log((alpha - 1) / alpha) - (log(1e-5) + log(alpha)) / (alpha - 1))
        }
        let eps = RDPAccountant.epsilon(samplingRate: 1, noiseMultiplier: sigma, steps: 1, delta: 1e-5).epsilon
        #expect(abs(eps - best) < 1e-9)
    }

    @Test func integerAndFractionalOrdersAgreeWhereTheyMeet() {
        // The fractional series at α = 3.000001 must approach the exact integer sum at α = 3.
        let q = 0.01
        let sigma = 1.0
        let exact = RDPAccountant.rdp(samplingRate: q, noiseMultiplier: sigma, order: 3)
        let near = RDPAccountant.rdp(samplingRate: q, noiseMultiplier: sigma, order: 3.000001)
        #expect(abs(exact - near) / exact < 1e-3)
    }

    @Test func calibratedSigmaMeetsTheTargetTightly() throws {
        let q = 256.0 / 12_210
        let steps = 10 * 48
        let sigma = try #require(RDPAccountant.noiseMultiplier(targetEpsilon: 1, samplingRate: q, steps: steps, delta: 1e-5))
        let eps = RDPAccountant.epsilon(samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: 1e-5).epsilon
        #expect(eps <= 1 && eps > 0.99)
        let looser = RDPAccountant.epsilon(samplingRate: q, noiseMultiplier: sigma * 0.98, steps: steps, delta: 1e-5).epsilon
        #expect(looser > 1)
    }
}
