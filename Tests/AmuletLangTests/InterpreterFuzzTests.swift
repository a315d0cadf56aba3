import AmuletData
import AmuletLang
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// Random token soups through the whole interpreter: never a crash, always a diagnostic or a result.
@Suite(.serialized) struct InterpreterFuzzTests {
    static let pool = [
        "load", "train", "defend", "undefend", "attack", "measure", "compare", "show", "set",
        "help",
        "explain", "export", "save", "reset", "let", "for", "in", "repeat", "def", "synthetic",
        "mlp",
        "logreg", "accuracy", "adult", "dp", "mia", "rows=50", "epochs=1", "epochs=-1", "seed=3",
        "x", "$x", "$y", "=", "[", "]", "{", "}", ";", "\n", "1", "0", "-2", "10%", "1e-3", "\"s\"",
        "features=2", "batch=8", "hidden=[4]", "format=csv", "scenario", "cache", "?", "@",
        "members=0.5",
    ]

    /// Random `save` and `export` commands write here, and nowhere else.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-fuzz-\(UUID().uuidString)")

    @Test func randomTokenSequencesNeverCrashTheInterpreter() throws {
        var rng = SplitMix64(seed: 2024)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        var interpreter = Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil), currentDirectory: folder.path))
        var failures = 0
        for _ in 0..<3000 {
            let count = Int(rng.next() % 8) + 1
            let source = (0..<count).map { _ in
                InterpreterFuzzTests.pool[Int(rng.next() % UInt64(InterpreterFuzzTests.pool.count))]
            }
            .joined(separator: " ")
            // Keep training tiny: the fuzz exercises the language, not the optimizer.
            if source.contains("load") && !source.contains("synthetic") { continue }
            let result = interpreter.run(
                source.replacingOccurrences(of: "synthetic", with: "synthetic rows=40 features=2"))
            if !result.succeeded {
                failures += 1
                #expect(!result.diagnostics.isEmpty)
                #expect(result.diagnostics.allSatisfy { !$0.message.isEmpty })
            }
        }
        #expect(failures > 100)
    }
}
