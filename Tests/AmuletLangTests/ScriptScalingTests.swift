import AmuletData
import AmuletLang
import AmuletRisks
import AmuletTestSupport
import Foundation
import Glibc
import Testing

/// A script's running time grows linearly with its number of top-level statements.
@Suite(.serialized) struct ScriptScalingTests {
    /// CPU seconds this thread spends running a script of `count` `let` statements.
    func cpuSeconds(statements count: Int) -> Double {
        cpuSeconds(script: String(repeating: "let x = 1\n", count: count), cells: count)
    }

    /// CPU seconds this thread spends running `source` (which must succeed in `cells` cells).
    func cpuSeconds(script source: String, cells count: Int, succeeds: Bool = true) -> Double {
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        var interpreter = Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil),
                currentDirectory: FileManager.default.temporaryDirectory.path))
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        let succeeded = interpreter.runScript(source, file: "scale.amu") { _ in }
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        #expect(succeeded == succeeds)
        if succeeds { #expect(interpreter.session.cells.count == count) }
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    /// Four times the statements may take at most eight times the CPU time.
    ///
    /// Linear work gives about four; the quadratic runner gave sixteen or more. The best of
    /// three runs damps noise.
    @Test func fourTimesTheStatementsTakesAboutFourTimesTheWork() {
        let small = (0..<3).map { _ in cpuSeconds(statements: 2_000) }.min() ?? 0
        let large = (0..<3).map { _ in cpuSeconds(statements: 8_000) }.min() ?? 0
        #expect(large <= 8 * small, "2k statements: \(small) s, 8k statements: \(large) s")
    }

    /// Best of three CPU times of `source`.
    func bestOfThree(_ source: String, cells: Int, succeeds: Bool = true) -> Double {
        (0..<3).map { _ in cpuSeconds(script: source, cells: cells, succeeds: succeeds) }.min()
            ?? 0
    }

    /// 12,000 `let`s of distinct names cost about what 12,000 of one name do.
    ///
    /// Each cell runs on a copy of the session; a table copied whole on the copy's first write
    /// made n distinct names cost O(n²) (11.6× one name's time at 12,000). Both run here, in
    /// one process, and their ratio is bounded, not their times.
    @Test func distinctNamesCostWhatOneNameCosts() {
        let count = 12_000
        let same = bestOfThree(String(repeating: "let x = 1\n", count: count), cells: count)
        let distinct = bestOfThree(
            (0..<count).map { "let x\($0) = \($0)\n" }.joined(), cells: count)
        #expect(distinct <= 3 * same, "one name: \(same) s, distinct names: \(distinct) s")
        let defs = 2_000
        let oneDef = bestOfThree(String(repeating: "def d { show 1 }\n", count: defs), cells: defs)
        let distinctDefs = bestOfThree(
            (0..<defs).map { "def d\($0) { show \($0) }\n" }.joined(), cells: defs)
        #expect(
            distinctDefs <= 3 * oneDef, "one def: \(oneDef) s, distinct defs: \(distinctDefs) s")
    }

    /// A 1,000-deep chain of defs fails with "recursion too deep" at a small multiple of the
    /// cost of 1,000 independent defs.
    ///
    /// Walking the chain once per cell (with a set copied per level) took 25 s, over a
    /// thousand times that cost. The chain's run does more
    /// per cell than the flat one (it follows calls to the depth limit), so the bound is loose
    /// enough for any build and load (4–8× seen) and tight enough to catch the quadratic walk.
    @Test func aDeepDefChainFailsFast() {
        let depth = 1_000
        // Defined deepest first, so each definition's cell can already see the whole chain.
        let chain =
            (1...depth).reversed().map { "def d\($0) { d\($0 + 1) }\n" }.joined()
            + "def d\(depth + 1) { show 1 }\nd1\n"
        let flat =
            (1...depth).reversed().map { "def d\($0) { show \($0) }\n" }.joined()
            + "def d\(depth + 1) { show 1 }\nd1\n"
        let chained = bestOfThree(chain, cells: depth + 2, succeeds: false)
        let independent = bestOfThree(flat, cells: depth + 2)
        #expect(
            chained <= 25 * independent + 0.1,
            "independent defs: \(independent) s, chain: \(chained) s")
        var interpreter = Interpreter(
            session: Session(
                settings: Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil),
                currentDirectory: FileManager.default.temporaryDirectory.path))
        var last: CellResult?
        _ = interpreter.runScript(chain, file: "chain.amu") { last = $0 }
        #expect(last?.diagnostics.first?.message.contains("recursion too deep") == true)
    }
}
