import AmuletData
import AmuletTestSupport
import Foundation
import Testing

/// The CSV reader and loader poll their cancellation check and stop at it.
@Suite struct CSVCancellationTests {
    /// `rows` lines of `a,b,y` after a header: 6 characters a line.
    static func table(rows: Int) -> String {
        "a,b,y\n" + String(repeating: "1,2,0\n3,4,1\n", count: rows / 2)
    }

    @Test func theReaderStopsAtTheFirstPollWhenCancelled() {
        var polls = 0
        // 200,000 lines of 6 characters: 1.2 million characters, polled every 65,536.
        #expect(throws: DataError.interrupted) {
            try CSVReader().parse(Self.table(rows: 200_000), file: "t.csv") {
                polls += 1
                return true
            }
        }
        #expect(polls == 1)
    }

    @Test func theReaderPollsOnceEvery65536CharactersAndOtherwiseReadsEverything() throws {
        var polls = 0
        let text = Self.table(rows: 200_000)
        let records = try CSVReader().parse(text, file: "t.csv") {
            polls += 1
            return false
        }
        #expect(records.count == 200_001)
        #expect(polls == text.count / 65_536)
    }

    @Test func theLoaderStopsWhenCancelledAndLeavesNoPartialSplit() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-csv-cancel")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("t.csv")
        try Data(Self.table(rows: 200_000).utf8).write(to: file)
        #expect(throws: DataError.interrupted) {
            try CSVDataset.load(
                path: file.path, target: "y", sensitive: [], seed: 1, isCancelled: { true })
        }
        // Cancelled only after the parse: the column loop still stops it.
        var polls = 0
        #expect(throws: DataError.interrupted) {
            try CSVDataset.load(
                path: file.path, target: "y", sensitive: [], seed: 1,
                isCancelled: {
                    polls += 1
                    return polls > 18
                })
        }
        #expect(polls == 19)
    }
}
