import AmuletTensor
import AmuletTestSupport
import Testing

/// The statistics module against SciPy 1.17: every expected number below is printed by
/// `scripts/reference/statistics.py` (scipy.stats.ttest_rel, ttest_ind, ttest_1samp, t, nct;
/// Holm written out from Holm 1979 and checked there against its brute-force definition).
@Suite struct MeanDifferenceTestTests {
    @Test func pairedTestMatchesSciPyAndIsAnEffect() throws {
        let test = try #require(
            MeanDifferenceTest(
                paired: [0.60, 0.61, 0.59, 0.62, 0.60], [0.64, 0.66, 0.62, 0.67, 0.65]))
        #expect(test.kind == .paired)
        expectClose(test.difference, 0.044, tolerance: 1e-12)
        expectClose(test.statistic, 11.0, tolerance: 1e-9)
        expectClose(test.pValue, 0.00038817133849401416, tolerance: 1e-12)
        expectClose(test.confidenceHalfWidth(), 0.011105780420791184, tolerance: 1e-10)
        expectClose(test.equivalencePValue(margin: 0.01), 0.9994747109646054, tolerance: 1e-9)
        #expect(EffectFinding(test: test, threshold: 0.01) == .effect)
        // The same change is no effect for a metric whose smallest effect is 0.05.
        #expect(EffectFinding(test: test, threshold: 0.05) == .inconclusive)
    }

    @Test func significanceWithoutSizeIsNoInteraction() throws {
        // Differences near +0.001: p = 0.0005 but the CI lies inside ±0.01.
        let test = try #require(
            MeanDifferenceTest(
                paired: [0.700, 0.702, 0.698, 0.701], [0.7010, 0.7032, 0.6989, 0.7021]))
        expectClose(test.statistic, 16.266530054067882, tolerance: 1e-7)
        expectClose(test.pValue, 0.0005054853461393436, tolerance: 1e-10)
        expectClose(test.confidenceHalfWidth(), 0.00020542602567609787, tolerance: 1e-10)
        expectClose(test.equivalencePValue(margin: 0.01), 4.1359326856001984e-07, tolerance: 1e-11)
        #expect(test.isSignificant())
        #expect(EffectFinding(test: test, threshold: 0.01) == .noEffect)
    }

    @Test func spreadBothWaysIsInconclusiveWithSciPysPowerEstimate() throws {
        let test = try #require(
            MeanDifferenceTest(paired: [0.60, 0.61, 0.59, 0.62], [0.62, 0.595, 0.62, 0.61]))
        expectClose(test.pValue, 0.6116068841450439, tolerance: 1e-10)
        expectClose(test.confidenceHalfWidth(), 0.03520824694920327, tolerance: 1e-10)
        expectClose(test.equivalencePValue(margin: 0.01), 0.3784896369569202, tolerance: 1e-9)
        expectClose(test.spread, 0.02212653007891961, tolerance: 1e-12)
        #expect(EffectFinding(test: test, threshold: 0.01) == .inconclusive)
        expectClose(test.power(repetitions: 4, effect: 0.01), 0.10006253567147551, tolerance: 1e-8)
        #expect(test.repetitionsNeeded(effect: 0.01) == 41)
    }

    @Test func welchTestMatchesSciPy() throws {
        let clear = try #require(
            MeanDifferenceTest(welch: [0.80, 0.82, 0.84], [0.70, 0.71, 0.72]))
        #expect(clear.kind == .welch)
        expectClose(clear.statistic, -8.520563361656327, tolerance: 1e-9)
        expectClose(clear.degreesOfFreedom, 2.9411764705882404, tolerance: 1e-9)
        expectClose(clear.pValue, 0.0036599555836826126, tolerance: 1e-10)
        expectClose(clear.confidenceHalfWidth(), 0.04155399503182495, tolerance: 1e-9)
        expectClose(clear.pValueGreater, 0.9981700222081586, tolerance: 1e-10)
        expectClose(clear.equivalencePValue(margin: 0.01), 0.997601000150436, tolerance: 1e-9)
        let unequal = try #require(
            MeanDifferenceTest(welch: [0.61, 0.64, 0.60, 0.66], [0.55, 0.58, 0.52]))
        expectClose(unequal.degreesOfFreedom, 4.206550717278157, tolerance: 1e-9)
        expectClose(unequal.pValue, 0.022879675970395797, tolerance: 1e-10)
        expectClose(unequal.confidenceHalfWidth(), 0.06026154173489559, tolerance: 1e-9)
        let overlapping = try #require(
            MeanDifferenceTest(welch: [0.80, 0.82, 0.84], [0.81, 0.83, 0.79]))
        expectClose(overlapping.pValue, 0.5733922538253586, tolerance: 1e-10)
        expectClose(overlapping.equivalencePValue(margin: 0.01), 0.5, tolerance: 1e-9)
        #expect(overlapping.repetitionsNeeded(effect: 0.01) == 64)
    }

    @Test func pairedIsChosenOnlyWhenPairsExist() throws {
        let paired = try #require(
            MeanDifferenceTest(reference: [1, 2, 3], treated: [2, 3, 5], paired: true))
        #expect(paired.kind == .paired)
        let unequal = try #require(
            MeanDifferenceTest(reference: [1, 2, 3], treated: [2, 3], paired: true))
        #expect(unequal.kind == .welch)
        #expect(MeanDifferenceTest(welch: [0.8], [0.7, 0.71]) == nil)
        #expect(MeanDifferenceTest(differences: [0.1]) == nil)
    }

    @Test func zeroSpreadIsCertainOrNoEvidence() throws {
        #expect(try #require(MeanDifferenceTest(welch: [0.5, 0.5], [0.6, 0.6])).pValue == 0)
        #expect(try #require(MeanDifferenceTest(welch: [0.5, 0.5], [0.5, 0.5])).pValue == 1)
        let flat = try #require(MeanDifferenceTest(differences: [0.001, 0.001, 0.001]))
        #expect(EffectFinding(test: flat, threshold: 0.01) == .noEffect)
        #expect(EffectFinding(test: flat, threshold: 0.01, flagged: true) == .notMeasurable)
        #expect(EffectFinding(test: nil, threshold: 0.01) == .inconclusive)
    }

    @Test(arguments: [
        (1.5, 4.0, 0.7, 0.7350601233028798), (-0.3, 2.5, 1.2, 0.07205400804763062),
        (3.0, 10.0, 2.0, 0.7791719989702087), (2.0, 30.0, -1.0, 0.9980855981660497),
    ])
    func noncentralTMatchesSciPy(t: Double, nu: Double, lambda: Double, expected: Double) {
        expectClose(
            NoncentralTDistribution.cdf(t, degreesOfFreedom: nu, noncentrality: lambda), expected,
            tolerance: 1e-9)
    }

    @Test func holmAdjustsLikeItsDefinition() {
        let adjusted = HolmCorrection.adjusted([0.01, 0.04, 0.03, 0.005, 0.2])
        for (value, expected) in zip(adjusted, [0.04, 0.09, 0.09, 0.025, 0.2]) {
            expectClose(value, expected, tolerance: 1e-12)
        }
        let withGap = HolmCorrection.adjusted([0.01, .nan, 0.02])
        expectClose(withGap[0], 0.02, tolerance: 1e-12)
        #expect(withGap[1].isNaN)
        expectClose(withGap[2], 0.02, tolerance: 1e-12)
    }
}
