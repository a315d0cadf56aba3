import AmuletLang
import AmuletNotebook
import AmuletTestSupport
import Foundation
import Testing

/// A script split into shares and merged gives what one process gives.
///
/// The expectation comes from outside the sharding code: the same script run whole, in one
/// interpreter that never heard of shards.
@Suite struct ShardingTests {
    static let script = """
        load synthetic rows=400
        train mlp epochs=2
        measure accuracy
        repeat 3 {
            train mlp epochs=2
            defend dp eps=2
            attack mia shadows=2
            measure fairness
        }
        for e in [1, 4] { train mlp epochs=2; defend dp eps=$e; measure accuracy }
        repeat 2 { tune dp eps=[1, 4] subject to accuracy >= 0.5 }
        compare
        assert accuracy >= 0.5
        """

    /// Runs `script` in a fresh interpreter playing `role`; every cell's result and the
    /// interpreter afterwards.
    static func run(_ role: ShardRole?, folder: URL) -> (results: [CellResult], Interpreter) {
        var interpreter = Interpreter.forTesting(in: folder)
        interpreter.session.settings.seed = 11
        interpreter.environment.sharding = role
        var results: [CellResult] = []
        _ = interpreter.runScript(script, file: "sweep.amu") { results.append($0) }
        return (results, interpreter)
    }

    /// A finished share's fragment of `source` (run as `file`), as `amulet run --shard`
    /// writes it.
    static func fragment(
        _ source: String, file: String = "script.amu", _ share: ShardAssignment,
        of interpreter: Interpreter
    ) -> ShardFragment {
        ShardFragment(
            source: source, file: file, workingDirectory: "/", seed: 11, prelude: false,
            shard: share, unitCount: interpreter.session.units.nextUnit,
            records: interpreter.session.workRecords)
    }

    /// The merge ran, and reproduces the single run: its ledger and printed results up to
    /// timings, and every cell's curves.
    static func expectMerge(
        _ mergedResults: [CellResult], _ merged: Interpreter,
        equals wholeResults: [CellResult], _ whole: Interpreter,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(mergedResults.allSatisfy { $0.succeeded }, sourceLocation: sourceLocation)
        #expect(
            untimed(merged.session.ledger) == untimed(whole.session.ledger),
            sourceLocation: sourceLocation)
        #expect(untimed(mergedResults) == untimed(wholeResults), sourceLocation: sourceLocation)
        #expect(
            merged.session.cells.map(\.curves) == whole.session.cells.map(\.curves),
            sourceLocation: sourceLocation)
    }

    /// Rows without their timings, the one field that may differ between runs.
    static func untimed(_ ledger: Ledger) -> [LedgerRow] {
        ledger.rows.map { row in
            var row = row
            row.seconds = 0
            return row
        }
    }

    /// Outputs with training times (`(0.4 s)`, or `(from cache)` when another share had
    /// trained the model) blanked, and without the cost plans a single run prints first (a
    /// merge trains nothing, so it has no plan).
    static func untimed(_ results: [CellResult]) -> [String] {
        results.map { result in
            result.outputs.filter { output in
                if case .note(let text) = output { return !text.hasPrefix("plan: ") }
                return true
            }
            .map { "\($0)" }.joined(separator: "\n").replacingOccurrences(
                of: #"\((from cache|\d+(\.\d+)? s)\)"#, with: "(time)", options: .regularExpression)
        }
    }

    @Test(arguments: [1, 2, 3, 5])
    func mergedSharesEqualTheSingleRun(shares: Int) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (wholeResults, whole) = Self.run(nil, folder: folder)
        try #require(wholeResults.allSatisfy { $0.succeeded })
        try #require(whole.session.ledger.count > 20)

        var fragments: [ShardFragment] = []
        for index in 0..<shares {
            let share = try #require(ShardAssignment(index: index, count: shares))
            let (results, worker) = Self.run(.worker(share), folder: folder)
            #expect(results.allSatisfy { $0.succeeded })
            // 9 units: the top-level train and measure, 3 repetitions, 2 settings, 2 tunes.
            #expect(worker.session.units.nextUnit == 9)
            #expect(worker.session.workRecords.allSatisfy { share.owns($0.key.unit) })
            fragments.append(Self.fragment(Self.script, file: "sweep.amu", share, of: worker))
        }
        let merge = try ShardMerge(
            fragments: fragments.reversed(), names: fragments.map { "\($0.shard)" })
        let (mergedResults, merged) = Self.run(.replay(merge), folder: folder)
        Self.expectMerge(mergedResults, merged, equals: wholeResults, whole)
    }

    @Test func aShareRunsOnlyItsUnitsAndLeavesTheLedgerToTheMerge() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let share = try #require(ShardAssignment(index: 1, count: 3))
        let (results, worker) = Self.run(.worker(share), folder: folder)
        #expect(results.allSatisfy { $0.succeeded })
        // Units 1 (the top-level measure), 4 (the last repetition) and 7 (the first tune)
        // belong to share 1.
        #expect(Set(worker.session.workRecords.map(\.key.unit)) == [1, 4, 7])
        #expect(Set(worker.session.ledger.rows.compactMap(\.repetition)) == [0, 2])
        // `compare` and `assert` wait for the merge: their cells print nothing.
        #expect(results[results.count - 1].outputs.isEmpty)
        #expect(results[results.count - 2].outputs.isEmpty)
    }

    @Test func mergeNamesMissingSharesAndMixedRuns() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shares = (0..<3).compactMap { ShardAssignment(index: $0, count: 3) }
        let fragments = shares.map {
            ShardFragment(
                source: Self.script, file: nil, workingDirectory: "/", seed: 11, prelude: false,
                shard: $0, unitCount: 7, records: [])
        }
        #expect(throws: ShardError.missingShards([1], count: 3)) {
            try ShardMerge(fragments: [fragments[0], fragments[2]], names: ["0", "2"])
        }
        var reseeded = fragments[1]
        reseeded.seed = 12
        #expect(throws: ShardError.mixedRuns("0", "1", difference: "seed 11 vs 12")) {
            try ShardMerge(
                fragments: [fragments[0], reseeded, fragments[2]], names: ["0", "1", "2"])
        }
        // Written and read back through the shards folder, including non-finite numbers.
        var written = fragments[0]
        written.records = [
            .init(
                key: WorkUnitKey(unit: 0, ordinal: 0),
                record: WorkRecord(
                    rows: [],
                    outputs: [
                        .table(Table(columns: ["x"], rows: [[.number(.infinity, digits: 2)]]))
                    ],
                    curves: [], loopRows: []))
        ]
        try written.write(into: folder)
        let read = try ShardFragment.read(
            ShardFragment.folder(in: folder).appendingPathComponent("0-of-3.json"))
        #expect(read == written)
        #expect(throws: ShardError.missingShards([1, 2], count: 3)) {
            try ShardMerge(directory: folder)
        }
    }

    @Test func aResetKeepsNumberingUnitsAndKeepsTheirRecords() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = """
            load synthetic rows=200
            train mlp epochs=1
            measure accuracy
            reset
            load synthetic rows=300
            train mlp epochs=1
            measure accuracy
            """
        var single = Interpreter.forTesting(in: folder)
        var wholeResults: [CellResult] = []
        _ = single.runScript(script) { wholeResults.append($0) }
        try #require(wholeResults.allSatisfy { $0.succeeded })
        var fragments: [ShardFragment] = []
        for index in 0..<2 {
            let share = try #require(ShardAssignment(index: index, count: 2))
            var worker = Interpreter.forTesting(in: folder)
            worker.environment.sharding = .worker(share)
            _ = worker.runScript(script) { #expect($0.succeeded) }
            // Four units, the two after the reset numbered on: 2 and 3.
            #expect(worker.session.units.nextUnit == 4)
            #expect(worker.session.workRecords.map(\.key.unit) == [index, index + 2])
            fragments.append(
                ShardFragment(
                    source: script, file: nil, workingDirectory: "/", seed: 0, prelude: false,
                    shard: share, unitCount: 4, records: worker.session.workRecords))
        }
        var merged = Interpreter.forTesting(in: folder)
        merged.environment.sharding = .replay(
            try ShardMerge(fragments: fragments, names: ["0", "1"]))
        var mergedResults: [CellResult] = []
        _ = merged.runScript(script) { mergedResults.append($0) }
        #expect(Self.untimed(mergedResults) == Self.untimed(wholeResults))
        #expect(Self.untimed(merged.session.ledger) == Self.untimed(single.session.ledger))
    }

    @Test func shareParsingRejectsWhatIsNotAShare() {
        #expect(ShardAssignment(parsing: "2/4") == ShardAssignment(index: 2, count: 4))
        for text in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", ""] {
            #expect(ShardAssignment(parsing: text) == nil, "\(text)")
        }
    }
}
