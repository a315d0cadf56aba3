import AmuletTensor
import AmuletTestSupport
import Testing

@Suite struct StatisticsTests {
    @Test func descriptiveStatisticsMatchNumPy() {
        let values: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        #expect(Statistics.mean(values) == 3.875)
        // numpy.var(values) = 6.609375; numpy.var(values, ddof=1) = 7.553571...
        #expect(TestSupport.isClose(Statistics.variance(values), 6.609375))
        #expect(TestSupport.isClose(Statistics.variance(values, ddof: 1), 7.553571428571429))
        #expect(Statistics.median(values) == 3.5)
        // numpy.quantile(values, 0.9) = 6.9 (linear interpolation).
        #expect(TestSupport.isClose(Statistics.quantile(values, 0.9), 6.9))
        #expect(Statistics.quantile(values, 0) == 1 && Statistics.quantile(values, 1) == 9)
    }

    @Test func logSumExpIsStableForLargeValues() {
        // log(e^1000 + e^1000) = 1000 + log 2.
        #expect(
            TestSupport.isClose(Statistics.logSumExp([1000.0, 1000.0]), 1000 + 0.6931471805599453))
        #expect(TestSupport.isClose(Statistics.logSumExp([0.0, 0.0, 0.0]), 1.0986122886681098))
    }

    @Test func normalFunctionsMatchTables() {
        // scipy.stats.norm.logpdf(1, 0, 2) = -1.737085713764618
        #expect(
            TestSupport.isClose(Statistics.normalLogPDF(1, mean: 0, std: 2), -1.737085713764618))
        #expect(
            TestSupport.isClose(
                Statistics.normalCDF(1.959963984540054), 0.975, relativeTolerance: 1e-9))
        #expect(TestSupport.isClose(Statistics.normalCDF(0), 0.5))
        // Φ(−8) = 6.22096057427e-16: erfc keeps the lower tail accurate.
        #expect(
            TestSupport.isClose(
                Statistics.normalCDF(-8), 6.22096057427178e-16, relativeTolerance: 1e-6))
    }

    @Test func rocHandlesTiesLikeScikitLearn() {
        // sklearn.metrics.roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.75
        let curve = ROCCurve(
            scores: [0.1, 0.4, 0.35, 0.8], isPositive: [false, false, true, true])
        #expect(TestSupport.isClose(curve.auc, 0.75))
        // All scores tied: one diagonal step, AUC 0.5.
        let tied = ROCCurve(scores: [0.5, 0.5, 0.5, 0.5], isPositive: [false, true, false, true])
        #expect(tied.auc == 0.5)
        #expect(tied.falsePositiveRates == [0, 1])
        // Mann–Whitney with ties: P(s+ > s-) + ½ P(s+ = s-) = (3 + 0.5) / 4 for this set.
        let mixed = ROCCurve(scores: [1, 2, 2, 3], isPositive: [false, false, true, true])
        #expect(TestSupport.isClose(mixed.auc, 0.875))
    }

    @Test func truePositiveRateAtLowFalsePositiveRate() {
        // 100 negatives scored 0..99, 10 positives: 5 above every negative, 5 in the middle.
        var scores: [Double] = (0..<100).map(Double.init)
        var labels = [Bool](repeating: false, count: 100)
        scores += [200, 201, 202, 203, 204, 50.5, 51.5, 52.5, 53.5, 54.5]
        labels += [Bool](repeating: true, count: 10)
        let curve = ROCCurve(scores: scores, isPositive: labels)
        #expect(curve.truePositiveRate(atFalsePositiveRate: 0.001) == 0.5)
        #expect(curve.truePositiveRate(atFalsePositiveRate: 0.01) == 0.5)
        #expect(curve.truePositiveRate(atFalsePositiveRate: 0.5) == 1.0)
        #expect(curve.bestBalancedAccuracy > 0.74)
    }

    @Test func confidenceIntervalUsesExactStudentTQuantile() {
        // scipy: t.ppf(0.975, 4) · std([1..5], ddof=1) / √5 = 1.9632431614775572.
        let half = Statistics.confidenceHalfWidth95([1, 2, 3, 4, 5])
        #expect(abs(half / 1.9632431614775572 - 1) < 1e-9)
        // 41 values 1…41: t.ppf(0.975, 40) · std / √41 = 3.781085831683246 (the old table's
        // 1.96 + 2.4/40 rule was off by 1e-3 relative here).
        let wide = Statistics.confidenceHalfWidth95((1...41).map(Double.init))
        #expect(abs(wide / 3.781085831683246 - 1) < 1e-9)
    }
}
