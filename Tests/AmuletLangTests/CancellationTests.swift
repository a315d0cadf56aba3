import AmuletData
import AmuletLang
import AmuletLearn
import AmuletRisks
import AmuletTestSupport
import Dispatch
import Foundation
import Synchronization
import Testing

/// Ctrl-C stops a cell within a second whatever runs.
///
/// Each plug-in kind's long loop polls the token. Each case runs work that takes many seconds
/// uncancelled, sets the token from another thread shortly after it starts, and checks that the
/// cell failed as cancelled and returned soon after the token was set. The cases time a cell
/// against a clock, so `scripts/test` runs this suite alone, after the parallel phase.
@Suite(.serialized) struct CancellationTests {
    /// How long after the cell starts the other thread cancels.
    static let delay = 0.3
    /// How soon after the cancel the cell must have returned.
    static let allowance = 1.0

    /// Runs `setup`, then `long` while another thread cancels it after `delay` seconds; the
    /// long cell's result and the seconds from the cancel to its return.
    func cancelledRun(setup: String, long: String) -> (result: CellResult, seconds: Double) {
        let token = CancellationToken()
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        var interpreter = Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil, cancellation: token),
                currentDirectory: FileManager.default.temporaryDirectory.path))
        let prepared = interpreter.run(setup)
        #expect(prepared.succeeded, "\(prepared.diagnostics)")
        let cancelledAt = Mutex<ContinuousClock.Instant?>(nil)
        let clock = ContinuousClock()
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.delay) {
            cancelledAt.withLock { $0 = clock.now }
            token.cancel()
        }
        let result = interpreter.run(long)
        let returned = clock.now
        // Wait for the canceller in the rare case the cell failed before it fired.
        while cancelledAt.withLock({ $0 }) == nil { usleep(1_000) }
        let start = cancelledAt.withLock { $0 } ?? returned
        let elapsed = start.duration(to: returned)
        return (
            result,
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        )
    }

    func expectCancelledPromptly(
        setup: String, long: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let (result, seconds) = cancelledRun(setup: setup, long: long)
        #expect(
            !result.succeeded, "\(long) finished before the cancel", sourceLocation: sourceLocation)
        #expect(
            result.diagnostics.first?.message.hasPrefix("cancelled") == true,
            "\(long): \(result.diagnostics)", sourceLocation: sourceLocation)
        #expect(
            seconds < Self.allowance, "\(long) returned \(seconds) s after the cancel",
            sourceLocation: sourceLocation)
    }

    /// A wide network makes every gradient step of an attack cost about a millisecond.
    static let wideDigits = "load digits; train mlp hidden=[1024, 1024] epochs=1"

    @Test func modelInversionStops() {
        expectCancelledPromptly(
            setup: Self.wideDigits,
            long: "attack inversion steps=100000 patience=100000 target=0 lr=0.000001")
    }

    @Test func evasionRestartsAndStepsStop() {
        expectCancelledPromptly(
            setup: Self.wideDigits, long: "attack evasion restarts=100 steps=1000")
    }

    @Test func fingerprintStops() {
        expectCancelledPromptly(
            setup: Self.wideDigits,
            long: "measure fingerprint samples=200 steps=10000 step=0.00001")
    }

    @Test func dpCalibrationStops() {
        // σ for ε = 100 on COMPAS took 272 s; calibrated with few accountant calls it takes
        // about a second, still long enough to be cancelled part way.
        expectCancelledPromptly(
            setup: "load compas; train mlp", long: "defend dp eps=100 delta=1e-7; defend dp eps=99")
    }

    @Test func outlierRemovalStops() {
        expectCancelledPromptly(
            setup: "load synthetic rows=200000 features=100; train logreg epochs=1",
            long: "defend outliers percent=10 k=5; measure accuracy")
    }

    /// Writes a CSV of `rows` rows (ten numeric columns and a 0/1 target `y`) to `url`, from
    /// a block of 1,000 seeded rows written again and again.
    static func writeLargeCSV(to url: URL, rows: Int) throws {
        var rng = SplitMix64(seed: 3)
        var block = ""
        for r in 0..<1000 {
            for _ in 0..<10 { block += String(Double(rng.next() % 100_000) / 1000) + "," }
            block += "\(r % 2)\n"
        }
        let header = (0..<10).map { "x\($0)" }.joined(separator: ",") + ",y\n"
        FileManager.default.createFile(atPath: url.path, contents: Data(header.utf8))
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        let data = Data(block.utf8)
        for _ in 0..<(rows / 1000) { try handle.write(contentsOf: data) }
    }

    @Test func largeCSVLoadStops() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-cancel-csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("large.csv")
        // 600,000 rows (36 MB): parsing and encoding take several seconds.
        try Self.writeLargeCSV(to: file, rows: 600_000)
        expectCancelledPromptly(setup: "", long: "load csv path=\"\(file.path)\" target=y")
    }

    @Test func syntheticGenerationStops() {
        expectCancelledPromptly(setup: "", long: "load synthetic rows=1000000 features=100")
    }
}
