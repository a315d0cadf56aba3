import AmuletTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C (SIGINT) stops the running cell of a script within a second or two, whatever runs.
///
/// Model inversion, PGD restarts, data generation, training, shadow models trained in
/// parallel: each command runs for far longer than the test waits (inversion and evasion ran
/// on for 14–150 s after the signal before their loops polled the token).
@Suite(.serialized) struct InterruptTests {
    /// Monotonic seconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Commands that each run for far longer than the test waits, one per kind of long loop.
    static let longCells = [
        "load digits; train cnn epochs=2; attack inversion steps=100000",
        "load synthetic rows=400; train mlp epochs=2; attack evasion restarts=100 steps=1000",
        "load synthetic rows=2000000 features=100",
        "load synthetic rows=20000; train mlp epochs=1000",
        "load synthetic rows=20000; train mlp epochs=5; attack mia shadows=64",
    ]

    @Test(arguments: longCells)
    func sigintStopsTheCellSoonAndTheRunFails(_ code: String) throws {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-sigint")
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = AmuletProcess.binary()
        var environment = ProcessInfo.processInfo.environment
        environment["AMULET_DATA"] = TestSupport.dataFolderURL().path
        environment["AMULET_CACHE"] = folder.appendingPathComponent("cache").path
        let output = folder.appendingPathComponent("out.txt").path
        let child = try ChildProcess(
            path: binary.path, arguments: ["--no-cache", "-e", code], environment: environment,
            directory: folder.path, output: output)
        // Let the command get well into its work (loading, training, the long loop).
        Thread.sleep(forTimeInterval: 1.5)
        #expect(child.isRunning, "'\(code)' ended before the signal")
        let sent = Self.now()
        child.send(SIGINT)
        var status: Int32?
        while status == nil && Self.now() - sent < 20 {
            status = child.exitStatus(waiting: false)
            if status == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        let stoppedAfter = Self.now() - sent
        if status == nil {
            child.send(SIGKILL)
            child.exitStatus(waiting: true)
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        #expect(status == 1, "'\(code)': exit status \(status.map(String.init) ?? "none"): \(text)")
        #expect(stoppedAfter < 3, "'\(code)' stopped \(stoppedAfter) s after SIGINT")
    }
}
