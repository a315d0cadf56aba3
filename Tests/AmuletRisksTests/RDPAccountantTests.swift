import AmuletRisks
import Foundation
import Testing

/// The accountant against values computed by Opacus's RDP accountant (default orders).
@Suite struct RDPAccountantTests {
    @Test func mnistSettingMatchesOpacus() {
        // q = 256/60000, σ = 1.1, 60 epochs = 14,063 steps, δ = 1e-5: Opacus gives ε ≈ 2.60.
        let eps = RDPAccountant.epsilon(
            samplingRate: 256.0 / 60000, noiseMultiplier: 1.1, steps: 14_063, delta: 1e-5
        ).epsilon
        #expect(abs(eps - 2.60) / 2.60 < 0.02, "ε = \(eps)")
    }

    @Test func fullBatchGaussianMatchesTheClosedForm() {
        // q = 1: RDP(α) = α/(2σ²), an independent closed form; minimise the conversion by hand.
        let sigma = 5.0
        var best = Double.infinity
        for alpha in RDPAccountant.defaultOrders {
            let rdp = alpha / (2 * sigma * sigma)
            best = min(
                best, rdp + log((alpha - 1) / alpha) - (log(1e-5) + log(alpha)) / (alpha - 1))
        }
        let eps = RDPAccountant.epsilon(
            samplingRate: 1, noiseMultiplier: sigma, steps: 1, delta: 1e-5
        ).epsilon
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
        let sigma = try #require(
            RDPAccountant.noiseMultiplier(
                targetEpsilon: 1, samplingRate: q, steps: steps, delta: 1e-5))
        let eps = RDPAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: 1e-5
        ).epsilon
        #expect(eps <= 1 && eps > 0.99)
        let looser = RDPAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma * 0.98, steps: steps, delta: 1e-5
        ).epsilon
        #expect(looser > 1)
    }
}

/// More reference values: Opacus 1.6.0's `analysis/rdp.py` run with its default orders, and the
/// TensorFlow Privacy test value of Abadi et al.'s setting under the older conversion.
@Suite struct RDPReferenceValueTests {
    @Test(arguments: [
        (0.01, 4.0, 10_000, 1e-5, 1.03549),
        (128.0 / 12_210, 1.0, 960, 1e-5, 2.16408),
        (0.05, 0.8, 200, 1e-6, 9.90526),
        (0.01, 1.0, 10_000, 1e-5, 6.71274),
    ])
    func epsilonMatchesOpacus(q: Double, sigma: Double, steps: Int, delta: Double, expected: Double)
    {
        let eps = RDPAccountant.epsilon(
            samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: delta
        ).epsilon
        #expect(abs(eps - expected) / expected < 0.02, "ε = \(eps), Opacus \(expected)")
    }

    @Test func perStepRDPMatchesOpacusAtIntegerAndFractionalOrders() {
        let q = 256.0 / 60_000
        let expected: [(Double, Double)] = [
            (2, 2.3395776010005287e-05), (2.5, 2.9358070265466377e-05),
            (10, 1.2523984244292865e-04), (32, 7.5901883462101098),
        ]
        for (order, value) in expected {
            let rdp = RDPAccountant.rdp(samplingRate: q, noiseMultiplier: 1.1, order: order)
            #expect(abs(rdp - value) / value < 1e-6, "order \(order): \(rdp) vs \(value)")
        }
    }

    @Test func abadiSettingMatchesTheTensorFlowPrivacyValueUnderTheOldConversion() {
        // TF Privacy's rdp_accountant_test: q = 0.01, σ = 4, 10,000 steps, orders 2…32,
        // ε = min RDP·T − log δ/(α − 1) = 1.258575 at α = 20 (Abadi et al. 2016 report ≈ 1.26).
        var best = Double.infinity
        for alpha in 2...32 {
            let rdp =
                RDPAccountant.rdp(samplingRate: 0.01, noiseMultiplier: 4, order: Double(alpha))
                * 10_000
            best = min(best, rdp - log(1e-5) / Double(alpha - 1))
        }
        #expect(abs(best - 1.258575) < 1e-5)
    }
}
