import AmuletData
import AmuletLang
import AmuletRisks
import Foundation

/// The defense × risk matrix of `stdlib/interactions.amu`, run by the interpreter: its wall
/// time against the time its models spent training, measured in the same run.
///
/// The models are every model the matrix trains: baseline and defended models, shadow,
/// population, poisoned and surrogate models, and the attacks' own models (the distribution
/// attack's meta-classifiers and the attribute-inference networks, timed through
/// `Workbench.timeTraining`). The ratio says what everything else costs: attacks' other work
/// (PGD steps, KNN-Shapley, scoring), evaluation, bookkeeping and the table. Models train
/// concurrently at times, so the training times can sum to more than the time during which
/// something trained; both are reported. Models are kept in memory only (no disk cache), so
/// every model the matrix needs is trained in the run. Target: wall ≤ 1.2 × training.
///
/// Reference: Duddu, Szyller and Asokan, "SoK: Unintended Interactions among Machine
/// Learning Defenses and Risks", IEEE S&P 2024, Table 3 (the matrix measured).
enum MatrixBenchmark {
    /// The generated dataset the matrix runs on, small enough for a couple of minutes.
    static let dataset = "load synthetic rows=1500 features=8 separation=2"

    /// Wall seconds of `matrix`, the seconds its models trained, and their ratio.
    static func matrix(runner: BenchmarkRunner) throws -> [String: Any] {
        let root = URL(fileURLWithPath: runner.currentDirectory)
        let stdlib = root.appendingPathComponent("stdlib")
        let clock = TrainingClock()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-matrix-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter(
            session: Session(settings: Settings(dataFolder: runner.dataFolder)),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil, clock: clock), currentDirectory: folder.path,
                stdlibDirectory: stdlib.path))
        let setup = interpreter.run(
            "import \"\(stdlib.appendingPathComponent("interactions.amu").path)\"; set seed=1; "
                + dataset)
        guard setup.succeeded else {
            throw BenchmarkError.failed("setup: \(setup.diagnostics.map(\.message))")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = interpreter.run("matrix")
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard result.succeeded else {
            throw BenchmarkError.failed("matrix: \(result.diagnostics.map(\.message))")
        }
        let training = clock.totalSeconds
        let busy = clock.busySeconds
        return [
            "bench": "matrix", "dataset": dataset, "wall_seconds": wall,
            "training_seconds": training, "training_busy_seconds": busy,
            "models_trained": clock.count, "ledger_rows": interpreter.session.ledger.rows.count,
            "ratio": training > 0 ? wall / training : 0,
            "ratio_to_busy": busy > 0 ? wall / busy : 0, "target_ratio": 1.2,
        ]
    }
}
