import AmuletData
import AmuletLang
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import Foundation
import Synchronization
import Testing

/// Plans before work: a dry run trains nothing and says what a run would train; a run of more
/// than three models shows the plan first, trains exactly the models it named, and reports an
/// ETA; the cache is consulted for the models it already holds.
@Suite(.serialized) struct CostPlanTests {
    static let setup =
        "load synthetic rows=400 features=4 separation=3\ntrain logreg epochs=2 batch=32 lr=0.05"

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func text(_ result: CellResult) -> String {
        result.outputs.map { output -> String in
            switch output {
            case .text(let t), .note(let t), .warning(let t): return t
            case .table(let table): return TerminalRenderer(useColor: false).render(table)
            }
        }.joined(separator: "\n")
    }

    @Test func aDryRunTrainsNothingAndCountsEveryRepetitionsShadows() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var interpreter = Interpreter.forTesting(in: dir)
        interpreter.session.settings.dryRun = true
        _ = interpreter.run(Self.setup)
        // The target, then 3 shadows per repetition: each repetition draws its own halves.
        let result = interpreter.run("repeat 2 { attack mia shadows=3 }")
        #expect(result.succeeded)
        #expect(text(result).contains("plan: 7 models to train (1 current model, 6 shadow models)"))
        #expect(interpreter.environment.workbench.memory.count == 0)
        #expect(interpreter.session.ledger.rows.isEmpty)
    }

    @Test func aRunShowsItsPlanFirstAndTrainsExactlyThePlannedModels() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var interpreter = Interpreter.forTesting(in: dir)
        let updates = Mutex<[ProgressUpdate]>([])
        interpreter.environment.workbench.progress = { update in
            updates.withLock { $0.append(update) }
        }
        _ = interpreter.run(Self.setup)
        let before = interpreter.environment.workbench.memory.count
        let result = interpreter.run(
            "attack mia shadows=4\nattack distribution attribute=group ratio1=0.3 ratio2=0.7 models=2 tests=1 rows=40"
        )
        #expect(result.succeeded)
        guard case .note(let first) = result.outputs.first else {
            Issue.record("the plan is not the cell's first output")
            return
        }
        // 4 shadows, then 2 × 2 population models and 2 test models; the target is in memory.
        #expect(
            first.hasPrefix(
                "plan: 10 models to train (4 shadow models, 6 distribution models), 0 from the cache, 1 in memory"
            ))
        #expect(interpreter.environment.workbench.memory.count - before == 10)
        let stages = updates.withLock { $0.map(\.stage) }
        #expect(stages.contains { $0.hasPrefix("plan: 10 models") })
        #expect(stages.contains { $0.contains("/10 models · ETA ~") })
    }

    @Test func aSmallCellShowsNoPlan() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var interpreter = Interpreter.forTesting(in: dir)
        _ = interpreter.run(Self.setup)
        let result = interpreter.run("attack mia shadows=2")
        #expect(result.succeeded)
        #expect(!text(result).contains("plan:"))
    }

    @Test func modelsInTheCacheAreCountedAsSuch() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = ModelCache(directory: dir.appendingPathComponent("cache"))
        func interpreter() -> Interpreter {
            var i = Interpreter.forTesting(in: dir)
            i.environment.workbench = Workbench(cache: cache)
            return i
        }
        var first = interpreter()
        _ = first.run(Self.setup)
        #expect(first.run("attack mia shadows=4").succeeded)
        // A new session over the same cache: the target and every shadow are on disk.
        var second = interpreter()
        second.session.settings.dryRun = true
        _ = second.run("load synthetic rows=400 features=4 separation=3")
        let result = second.run(
            "train logreg epochs=2 batch=32 lr=0.05\nattack mia shadows=4\nattack mia shadows=6")
        #expect(
            text(result).contains(
                "plan: 6 models to train (6 shadow models), 5 from the cache, 0 in memory"))
    }
}
