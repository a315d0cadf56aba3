import AmuletRisks
import Testing

@Suite struct FairnessTests {
    // Ten examples, two groups of five. Hand-computed:
    // group 0: labels 1 1 0 0 0, predictions 1 0 1 0 0 → SR 2/5, TPR 1/2, FPR 1/3, acc 3/5
    // group 1: labels 1 1 1 0 0, predictions 1 1 1 1 0 → SR 4/5, TPR 1,   FPR 1/2, acc 4/5
    let labels = [1, 1, 0, 0, 0, 1, 1, 1, 0, 0]
    let predictions = [1, 0, 1, 0, 0, 1, 1, 1, 1, 0]
    let group = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]

    @Test func groupRatesMatchHandComputedValues() {
        let f = GroupFairness(
            predictions: predictions, labels: labels, group: group, groupNames: ["A", "B"])
        #expect(f.groups[0].selectionRate == 0.4 && f.groups[1].selectionRate == 0.8)
        #expect(f.groups[0].truePositiveRate == 0.5 && f.groups[1].truePositiveRate == 1)
        #expect(
            abs((f.groups[0].falsePositiveRate ?? .nan) - 1.0 / 3) < 1e-12
                && f.groups[1].falsePositiveRate == 0.5)
        #expect(f.groups[0].accuracy == 0.6 && f.groups[1].accuracy == 0.8)
        #expect(abs((f.demographicParityDifference ?? .nan) - 0.4) < 1e-12)
        #expect(abs((f.demographicParityRatio ?? .nan) - 0.5) < 1e-12)
        #expect(abs((f.pRule ?? .nan) - 50) < 1e-9)
        #expect(abs((f.equalOpportunityDifference ?? .nan) - 0.5) < 1e-12)
        // FPR gap 1/2 − 1/3 = 1/6; Fairlearn's max = 0.5; Amulet's sum = 2/3.
        #expect(abs((f.equalizedOddsDifference ?? .nan) - 0.5) < 1e-12)
        #expect(abs((f.equalizedOddsSum ?? .nan) - (0.5 + 1.0 / 6)) < 1e-12)
    }

    @Test func groupCountsAndRatesSumConsistently() {
        let f = GroupFairness(
            predictions: predictions, labels: labels, group: group, groupNames: ["A", "B"])
        #expect(f.groups.map(\.count).reduce(0, +) == labels.count)
        // The overall selection rate is the count-weighted mean of the groups' rates.
        let overall = Double(predictions.reduce(0, +)) / Double(predictions.count)
        let weighted =
            f.groups.reduce(0.0) { $0 + ($1.selectionRate ?? .nan) * Double($1.count) }
            / Double(labels.count)
        #expect(abs(overall - weighted) < 1e-12)
        let accuracy =
            Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
        let weightedAccuracy =
            f.groups.reduce(0.0) { $0 + ($1.accuracy ?? .nan) * Double($1.count) }
            / Double(labels.count)
        #expect(abs(accuracy - weightedAccuracy) < 1e-12)
    }

    @Test func intersectionalGapsUseLargestMinusSmallest() {
        let f = GroupFairness(
            predictions: [1, 0, 1, 1], labels: [1, 1, 0, 1], group: [0, 1, 2, 3],
            groupNames: ["a", "b", "c", "d"])
        #expect(f.demographicParityDifference == 1)
        #expect(f.demographicParityRatio == 0)
    }

    @Test func nobodySelectedLeavesRatiosUndefinedNotPerfectlyFair() {
        // A constant model that predicts 0 for everyone: selection rates 0/5 and 0/5.
        let f = GroupFairness(
            predictions: Array(repeating: 0, count: 10), labels: labels, group: group,
            groupNames: ["A", "B"])
        #expect(f.demographicParityRatio == nil)
        #expect(f.pRule == nil)
        #expect(f.demographicParityDifference == 0)
        #expect(f.groups[0].truePositiveRate == 0)
    }

    @Test func aGroupWithoutPositivesHasNoTruePositiveRate() {
        let f = GroupFairness(
            predictions: [1, 0, 1, 0], labels: [0, 0, 1, 0], group: [0, 0, 1, 1],
            groupNames: ["A", "B"])
        #expect(f.groups[0].truePositiveRate == nil)
        #expect(f.groups[1].truePositiveRate == 1)
        #expect(f.equalOpportunityDifference == nil)
        #expect(f.equalizedOddsDifference == nil)
    }
}
