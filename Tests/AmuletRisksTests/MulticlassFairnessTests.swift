import AmuletRisks
import Testing

@Suite struct MulticlassFairnessTests {
    // Sixteen examples, three classes, two groups of eight. Expected values from Fairlearn
    // 0.13 (demographic_parity_difference / _ratio, equalized_odds_difference,
    // equal_opportunity_difference on y == k, ŷ == k per class) and numpy for the sums:
    // class 0: dp 0,     eodds 1/6, ratio 1,   eo 1/6, sum 1/3
    // class 1: dp 0.125, eodds 1/3, ratio 3/4, eo 1/3, sum 1/3 + 7/30
    // class 2: dp 0.125, eodds 1/5, ratio 2/3, eo 0,   sum 1/5
    // accuracy: group 0 6/8, group 1 5/8.
    let labels = [0, 1, 2, 2, 1, 0, 0, 2, 1, 1, 0, 2, 2, 0, 1, 2]
    let predictions = [0, 1, 2, 1, 1, 0, 2, 2, 1, 0, 0, 2, 1, 1, 1, 2]
    let group = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]

    func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-12
    }

    @Test func perClassGapsMatchFairlearn() {
        let f = MulticlassFairness(
            predictions: predictions, labels: labels, group: group, groupNames: ["A", "B"],
            classCount: 3)
        let dp = [0, 0.125, 0.125]
        let eodds = [1.0 / 6, 1.0 / 3, 0.2]
        let ratio = [1, 0.75, 2.0 / 3]
        let eo = [1.0 / 6, 1.0 / 3, 0]
        for k in 0..<3 {
            #expect(close(f.perClass[k].demographicParityDifference, dp[k]), "class \(k)")
            #expect(close(f.perClass[k].equalizedOddsDifference, eodds[k]), "class \(k)")
            #expect(close(f.perClass[k].demographicParityRatio, ratio[k]), "class \(k)")
            #expect(close(f.perClass[k].equalOpportunityDifference, eo[k]), "class \(k)")
        }
    }

    @Test func summaryIsTheWorstClass() {
        let f = MulticlassFairness(
            predictions: predictions, labels: labels, group: group, groupNames: ["A", "B"],
            classCount: 3)
        #expect(close(f.demographicParityDifference, 0.125))
        #expect(close(f.equalizedOddsDifference, 1.0 / 3))
        #expect(close(f.demographicParityRatio, 2.0 / 3))
        #expect(close(f.pRule, 200.0 / 3))
        #expect(close(f.equalOpportunityDifference, 1.0 / 3))
        #expect(close(f.equalizedOddsSum, 1.0 / 3 + 7.0 / 30))
        #expect(close(f.groupAccuracy[0], 0.75) && close(f.groupAccuracy[1], 0.625))
    }

    @Test func twoClassesOneVsRestAgreesWithTheBinaryGaps() {
        // With two classes, class 1 against the rest is the binary view itself.
        let binaryLabels = [1, 1, 0, 0, 0, 1, 1, 1, 0, 0]
        let binaryPredictions = [1, 0, 1, 0, 0, 1, 1, 1, 1, 0]
        let binaryGroup = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
        let binary = GroupFairness(
            predictions: binaryPredictions, labels: binaryLabels, group: binaryGroup,
            groupNames: ["A", "B"])
        let multi = MulticlassFairness(
            predictions: binaryPredictions, labels: binaryLabels, group: binaryGroup,
            groupNames: ["A", "B"], classCount: 2)
        #expect(multi.perClass[1] == binary)
        // Selection-rate gaps of class 0 mirror class 1's: SR₀ = 1 − SR₁ in every group.
        #expect(close(multi.demographicParityDifference, 0.4))
        #expect(close(multi.equalizedOddsDifference, 0.5))
    }
}
