import AmuletData
import AmuletLang
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// Every verb of the language against a fresh session on small generated data.
@Suite(.serialized) struct InterpreterTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-interp-\(UUID().uuidString)")

    func interpreter(cache: Bool = false) -> Interpreter {
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        let workbench = Workbench(
            cache: cache ? ModelCache(directory: folder.appendingPathComponent("cache")) : nil)
        return Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(workbench: workbench, currentDirectory: folder.path)
        )
    }

    func text(_ result: CellResult) -> String {
        result.outputs.map { output -> String in
            switch output {
            case .text(let t), .note(let t), .warning(let t): return t
            case .table(let table): return TerminalRenderer(useColor: false).render(table)
            }
        }.joined(separator: "\n")
    }

    let setup =
        "load synthetic rows=1200 features=5 separation=3; train mlp hidden=[16] epochs=10 batch=32 lr=0.01"

    @Test func loadSplitsIntoMembersAdversaryAndTest() {
        var i = interpreter()
        let result = i.run("load synthetic rows=1000 members=0.4")
        #expect(result.succeeded)
        let scenario = i.session.scenario
        #expect(scenario?.data.train.count == 500 && scenario?.data.test.count == 500)
        #expect(scenario?.memberIndices.count == 200 && scenario?.adversaryIndices.count == 300)
        let members = Set(scenario?.memberIndices ?? [])
        #expect(members.isDisjoint(with: scenario?.adversaryIndices ?? []))
    }

    @Test func trainThenMeasureAccuracyFillsTheLedger() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let result = i.run("measure accuracy")
        #expect(result.succeeded)
        let accuracy = i.session.ledger.rows.first { $0.metricName == "accuracy" }?.value ?? 0
        // Bayes accuracy Φ(1.5) = 0.933; a small MLP gets close.
        #expect(accuracy > 0.85, "accuracy \(accuracy)")
        #expect(
            i.session.ledger.rows.allSatisfy {
                $0.scenario == "mlp-16 batch=32 epochs=10 lr=0.01" && $0.role == .current
            })
    }

    @Test func aFailingCellLeavesTheSessionUnchanged() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let before = i.session.scenario?.modelLabel
        let result = i.run("let x = 5; load synthetic rows=50; train mlp epochs=-3")
        #expect(!result.succeeded)
        #expect(i.session.variables["x"] == nil)
        #expect(i.session.scenario?.data.train.count == 600)
        #expect(i.session.scenario?.modelLabel == before)
        #expect(i.session.nextCell == 3)
    }

    @Test func sameSeedGivesIdenticalResultsAndModelsComeFromTheCache() {
        var first = interpreter(cache: true)
        #expect(first.run("set seed=7; \(setup); measure accuracy").succeeded)
        var second = interpreter(cache: true)
        let trained = second.run("set seed=7; \(setup)")
        #expect(text(trained).contains("from cache"))
        #expect(second.run("measure accuracy").succeeded)
        #expect(first.session.ledger.rows.map(\.value) == second.session.ledger.rows.map(\.value))
        var third = interpreter(cache: true)
        #expect(third.run("set seed=8; \(setup); measure accuracy").succeeded)
        #expect(third.session.ledger.rows.map(\.value) != first.session.ledger.rows.map(\.value))
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func repeatDerivesASeedPerRepetitionAndCompareShowsIntervals() {
        var i = interpreter()
        let result = i.run("repeat 3 { \(setup); measure accuracy }; compare")
        #expect(result.succeeded)
        let repetitions = Set(i.session.ledger.rows.compactMap(\.repetition))
        #expect(repetitions == [0, 1, 2])
        let seeds = Set(i.session.ledger.rows.map(\.seed))
        #expect(seeds.count == 3)
        #expect(i.session.settings.seed == 0)
        #expect(text(result).contains("±"))
    }

    @Test func forLoopBindsEachValueAndRestoresTheVariable() {
        var i = interpreter()
        let result = i.run("for n in [1, 2, 3] { show $n }")
        #expect(text(result) == "1\n2\n3")
        #expect(i.session.variables["n"] == nil)
    }

    @Test func defsAreCalledByName() {
        var i = interpreter()
        #expect(i.run("def hello { show \"hi\" }").succeeded)
        #expect(text(i.run("hello")) == "hi")
        let unknown = i.run("helo")
        #expect(unknown.diagnostics.first?.suggestion == "did you mean 'hello'?")
    }

    @Test func showSetHelpAndExplain() {
        var i = interpreter()
        #expect(text(i.run("show scenario")) == "no dataset loaded")
        #expect(i.run("set seed=42 format=markdown threads=1").succeeded)
        #expect(
            i.session.settings.seed == 42 && i.session.settings.format == .markdown
                && i.session.settings.threads == 1)
        #expect(text(i.run("show settings")).contains("seed=42"))
        let help = text(i.run("help"))
        #expect(help.contains("load DATASET") && help.contains("datasets: adult"))
        let trainHelp = text(i.run("help mlp"))
        #expect(trainHelp.contains("epochs=int") && trainHelp.contains("range 1…10000"))
        #expect(text(i.run("explain membership")).contains("Membership inference"))
        #expect(text(i.run("explain adult")).contains("census"))
        let bad = i.run("explain membrship")
        #expect(bad.diagnostics.first?.suggestion == "did you mean 'membership'?")
        #expect(i.run("show cache").succeeded)
    }

    @Test func defendAndAttackDispatchThroughTheCatalog() {
        var i = interpreter()
        #expect(i.run(setup).succeeded)
        let attack = i.run("attack nothing-here")
        #expect(attack.diagnostics.first?.kind == .unknownName)
        let defend = i.run("defend nothing-here")
        #expect(defend.diagnostics.first?.kind == .unknownName)
        let undefend = i.run("undefend dp")
        #expect(undefend.diagnostics.first?.message == "the scenario has no defense 'dp'")
    }

    @Test func saveWritesAReplayableScriptAndExportWritesTheLedger() throws {
        var i = interpreter()
        // Writing makes a missing folder one level deep ('out'), not the path above it.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(i.run(setup).succeeded)
        #expect(i.run("measure accuracy").succeeded)
        #expect(i.run("save out/session.amu").succeeded)
        #expect(i.run("export out/results.csv").succeeded)
        #expect(i.run("export out/results.json").succeeded)
        #expect(i.run("report out/report.html").succeeded)
        let script = try String(
            contentsOf: folder.appendingPathComponent("out/session.amu"), encoding: .utf8)
        #expect(script.contains("measure accuracy") && script.contains("train mlp"))
        // Replaying the saved script gives the same numbers.
        var replay = interpreter()
        #expect(replay.runScript(script, file: "session.amu") { _ in })
        #expect(replay.session.ledger.rows.map(\.value) == i.session.ledger.rows.map(\.value))
        let csv = try String(
            contentsOf: folder.appendingPathComponent("out/results.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("cell,scenario,dataset,recipe,role,risk,metric,unit,direction,value"))
        let json = try String(
            contentsOf: folder.appendingPathComponent("out/results.json"), encoding: .utf8)
        #expect(try JSONRenderer.decodeLedger(json) == i.session.ledger)
        let html = try String(
            contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(html.contains("<table class=\"cards\">") && html.contains("measure accuracy"))
        #expect(!i.run("export out/results.txt").succeeded)
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func importRunsAnotherScriptAndDetectsCycles() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "let imported = 1\n".write(
            to: folder.appendingPathComponent("lib.amu"), atomically: true, encoding: .utf8)
        try "import \"loop.amu\"\n".write(
            to: folder.appendingPathComponent("loop.amu"), atomically: true, encoding: .utf8)
        var i = interpreter()
        #expect(i.run("import \"lib.amu\"").succeeded)
        #expect(i.session.variables["imported"] == .number(1, text: "1"))
        let cycle = i.run("import \"loop.amu\"")
        #expect(cycle.diagnostics.first?.message.contains("import cycle") == true)
        let missing = i.run("import \"nope.amu\"")
        #expect(missing.diagnostics.first?.kind == .io)
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func resetClearsTheScenarioButKeepsSettings() {
        var i = interpreter()
        #expect(i.run("set seed=3; let a = 1; \(setup); measure accuracy").succeeded)
        #expect(i.run("reset").succeeded)
        #expect(
            i.session.scenario == nil && i.session.variables.isEmpty
                && i.session.ledger.rows.isEmpty)
        #expect(i.session.settings.seed == 3)
    }

    @Test func missingDataFileNamesTheFetchScript() {
        var i = interpreter()
        #expect(i.run("set data=\"/nonexistent\"").succeeded)
        let result = i.run("load adult")
        #expect(result.diagnostics.first?.message.contains("scripts/fetch-data") == true)
    }
}
