import AmuletRisks
import AmuletTestSupport
import Testing

/// D2's estimator against Feldman & Zhang's definition worked out by hand.
@Suite struct MemorizationTests {
    @Test func memorizationIsAccuracyWhenKeptMinusAccuracyWhenLeftOut() throws {
        // Three models over five rows; row 4 is in every model, so it has no estimate.
        let keep = [
            [true, true, false, false, true],
            [true, false, true, false, true],
            [false, true, true, true, true],
        ]
        let correct = [
            [true, true, false, true, true],
            [true, true, true, false, true],
            [false, true, true, false, true],
        ]
        let estimate = Memorization(keep: keep, correct: correct)
        // Row 0: in m0, m1 (both right) 1 − out m2 (wrong) 0 = 1. Row 1: 1 − 1 = 0.
        // Row 2: in m1, m2 (right) 1 − out m0 (wrong) 0 = 1. Row 3: in m2 (wrong) 0 − out
        // m0 right, m1 wrong ½ = −½.
        #expect(estimate.scores.count == 5)
        let expected: [Double?] = [1, 0, 1, -0.5, nil]
        for (score, value) in zip(estimate.scores, expected) {
            if let value {
                expectClose(try #require(score), value, tolerance: 1e-12)
            } else {
                #expect(score == nil)
            }
        }
        // Rows 0 and 2 of the four estimable ones reach ¼.
        expectClose(try #require(estimate.share(atLeast: 0.25)), 0.5, tolerance: 1e-12)
        expectClose(try #require(estimate.share(atLeast: -1)), 1, tolerance: 1e-12)
        #expect(Memorization(keep: [[true]], correct: [[true]]).share(atLeast: 0) == nil)
    }
}
