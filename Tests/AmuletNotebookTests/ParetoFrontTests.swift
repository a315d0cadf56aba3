import AmuletNotebook
import AmuletRisks
import Testing

/// The Pareto front on hand-made points whose front is known by inspection.
@Suite struct ParetoFrontTests {
    @Test func frontOfAccuracyAgainstAttackAUC() {
        // (accuracy ↑, auc ↓): (0.9, 0.6) and (0.8, 0.5) trade off; (0.7, 0.55) is dominated
        // by (0.8, 0.5); (0.9, 0.65) is dominated by (0.9, 0.6) (equal accuracy, worse AUC).
        let points: [[Double?]] = [[0.9, 0.6], [0.8, 0.5], [0.7, 0.55], [0.9, 0.65]]
        let front = ParetoFront.membership(
            points, directions: [.higherIsBetter, .lowerIsBetter])
        #expect(front == [true, true, false, false])
    }

    @Test func equalPointsAreBothOnTheFront() {
        let front = ParetoFront.membership(
            [[0.5, 0.5], [0.5, 0.5], [0.4, 0.6]], directions: [.higherIsBetter, .lowerIsBetter])
        #expect(front == [true, true, false])
    }

    @Test func oneMetricKeepsOnlyTheBest() {
        let front = ParetoFront.membership([[0.3], [0.1], [0.2]], directions: [.lowerIsBetter])
        #expect(front == [false, true, false])
    }

    @Test func neutralMetricsAndUndefinedValues() {
        // The neutral column is ignored; the undefined point is neither on the front nor
        // dominating, so (0.8) stays on the front though nil "might" be better.
        let front = ParetoFront.membership(
            [[0.8, 1], [0.7, 9], [nil, 0]], directions: [.higherIsBetter, .neutral])
        #expect(front == [true, false, false])
    }
}
