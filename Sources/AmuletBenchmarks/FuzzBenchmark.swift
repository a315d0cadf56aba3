import AmuletLang
import Foundation

/// `scripts/bench fuzz`: 10,000 generated scripts through the release binary.
///
/// Each script (from `ScriptFuzzer`, seed 20 onwards, the CI test's first 300 included) runs as
/// `amulet run --no-cache -e SCRIPT`; what must hold is that every run exits 0 or 1 by itself,
/// is never ended by a signal, and never runs past 30 s. `AMULET_FUZZ_INPUTS` changes the
/// count. The result counts each outcome and lists the first few failing scripts.
/// `AMULET_FUZZ_LOG=FILE` appends every failing script there as it is found, and the counts
/// so far every 500 inputs, so a long run can be followed (and read if it is stopped).
enum FuzzBenchmark {
    /// Seconds after which a run counts as hung and is killed.
    static let timeout = 30.0

    static func run(runner: BenchmarkRunner) throws -> [String: Any] {
        let environment = ProcessInfo.processInfo.environment
        let inputs = environment["AMULET_FUZZ_INPUTS"].flatMap(Int.init) ?? 10_000
        let binary = URL(fileURLWithPath: CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("amulet")
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("amulet-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = environment["AMULET_FUZZ_LOG"].flatMap { path -> FileHandle? in
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }
        func note(_ line: String) {
            log?.write(Data((line + "\n").utf8))
        }
        var fuzzer = ScriptFuzzer(seed: 20)
        var exits: [Int32: Int] = [:]
        var signalled = 0
        var hung = 0
        var failures: [String] = []
        var slowest = 0.0
        for input in 0..<inputs {
            if input > 0 && input % 500 == 0 {
                note(
                    "after \(input): exits \(exits.sorted { $0.key < $1.key }), signalled "
                        + "\(signalled), hung \(hung), slowest \(slowest) s")
            }
            let script = fuzzer.next()
            let process = Process()
            process.executableURL = binary
            process.arguments = ["run", "--no-cache", "--no-prelude", "-e", script]
            process.currentDirectoryURL = folder
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let done = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in done.signal() }
            let start = DispatchTime.now().uptimeNanoseconds
            try process.run()
            if done.wait(timeout: .now() + timeout) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
                hung += 1
                note("input \(input) hung: \(script.debugDescription)")
                if failures.count < 5 { failures.append("hung: \(script)") }
                continue
            }
            slowest = max(slowest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            if process.terminationReason == .uncaughtSignal {
                signalled += 1
                note(
                    "input \(input) signal \(process.terminationStatus): \(script.debugDescription)"
                )
                if failures.count < 5 {
                    failures.append("signal \(process.terminationStatus): \(script)")
                }
                continue
            }
            let status = process.terminationStatus
            exits[status, default: 0] += 1
            if status != 0 && status != 1 {
                note("input \(input) exit \(status): \(script.debugDescription)")
            }
            if status != 0 && status != 1 && failures.count < 5 {
                failures.append("exit \(status): \(script)")
            }
        }
        let unexpected = exits.filter { $0.key != 0 && $0.key != 1 }.values.reduce(0, +)
        return [
            "bench": "fuzz", "inputs": inputs, "exit_0": exits[0] ?? 0, "exit_1": exits[1] ?? 0,
            "exit_other": unexpected, "signalled": signalled, "hung_over_30s": hung,
            "slowest_seconds": slowest, "ok": signalled == 0 && hung == 0 && unexpected == 0,
            "failures": failures,
        ]
    }
}
