import AmuletData
import Testing

/// Generating synthetic data polls its cancellation check every 1,024 rows and around the
/// split's copies, and stops at the first poll that says yes.
@Suite struct SyntheticCancellationTests {
    /// Generates 4,096 rows, cancelled at poll `stop` (counting from 1); the polls made.
    func generate(cancelledAt stop: Int) -> (polls: Int, cancelled: Bool) {
        var polls = 0
        do {
            _ = try SyntheticDataset.make(
                rows: 4096, features: 3, separation: 2, correlation: 0.5, seed: 1,
                isCancelled: {
                    polls += 1
                    return polls >= stop
                })
            return (polls, false)
        } catch {
            return (polls, error == .interrupted)
        }
    }

    @Test func rowsArePolledEvery1024AndTheSplitTwice() {
        // Rows 0, 1024, 2048 and 3072, then before the split and between its two copies.
        #expect(generate(cancelledAt: .max) == (6, false))
    }

    @Test(arguments: 1...6)
    func everyPollStopsTheGeneration(_ stop: Int) {
        #expect(generate(cancelledAt: stop) == (stop, true))
    }
}
