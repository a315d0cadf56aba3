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
        let source = String(repeating: "let x = 1\n", count: count)
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
        #expect(succeeded)
        #expect(interpreter.session.cells.count == count)
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
}
