import AmuletData
import AmuletLang
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// The whole-script check: a script's names, parameters, metrics (`assert`, `subject to`),
/// defs and imports are checked before its first cell runs, so a typo in the last cell costs
/// nothing; and `--dry-run` plans what an import runs.
@Suite struct ScriptCheckTests {
    /// A fresh folder for the test's files.
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An interpreter in `folder` with the repository's standard library.
    func interpreter(in folder: URL) -> Interpreter {
        var interpreter = Interpreter.forTesting(in: folder)
        interpreter.environment.stdlibDirectory =
            TestSupport.packageRoot().appendingPathComponent("stdlib").path
        return interpreter
    }

    /// Runs `source`; the results, and whether any model was trained or result recorded.
    func run(_ source: String, in folder: URL, dryRun: Bool = false) -> (
        ok: Bool, results: [CellResult], trained: Int, recorded: Int
    ) {
        var interpreter = interpreter(in: folder)
        interpreter.session.settings.dryRunOnly = dryRun
        var results: [CellResult] = []
        let ok = interpreter.runScript(source, file: folder.appendingPathComponent("s.amu").path) {
            results.append($0)
        }
        return (
            ok, results, interpreter.environment.workbench.memory.count,
            interpreter.session.ledger.rows.count
        )
    }

    @Test func unknownParameterInALaterCellStopsTheScriptBeforeAnythingTrains() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = run(
            "load synthetic rows=300\ntrain mlp epochs=1\nmeasure accuracy\ndefend dp epz=1\n",
            in: dir)
        #expect(!outcome.ok)
        #expect(outcome.results.count == 1)
        #expect(outcome.trained == 0 && outcome.recorded == 0)
        let diagnostic = try #require(outcome.results.first?.diagnostics.first)
        #expect(diagnostic.message.contains("unknown parameter 'epz'"))
        #expect(diagnostic.location?.line == 4)
    }

    @Test func unknownConstraintMetricOfTuneIsFoundBeforeTraining() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = run(
            "load synthetic rows=300\ntrain mlp epochs=1\nmeasure accuracy\n"
                + "tune dp eps=[1, 4] subject to acuracy >= 0.5\n", in: dir)
        #expect(!outcome.ok && outcome.trained == 0 && outcome.recorded == 0)
        let diagnostic = try #require(outcome.results.first?.diagnostics.first)
        #expect(diagnostic.message.contains("unknown metric 'acuracy'"))
        #expect(diagnostic.suggestion?.contains("accuracy") == true)
    }

    @Test func unknownAssertMetricAndUnknownDefAreFoundBeforeTraining() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let assertOutcome = run(
            "load synthetic rows=300\ntrain mlp epochs=1\nmeasure accuracy\nassert acuracy > 0.5\n",
            in: dir)
        #expect(!assertOutcome.ok && assertOutcome.trained == 0)
        #expect(
            assertOutcome.results.first?.diagnostics.first?.message == "unknown metric 'acuracy'")
        let defOutcome = run(
            "def go { measure accuracy }\nload synthetic rows=300\ntrain mlp epochs=1\ngoo\n",
            in: dir)
        #expect(!defOutcome.ok && defOutcome.trained == 0)
        let diagnostic = try #require(defOutcome.results.first?.diagnostics.first)
        #expect(diagnostic.message == "unknown command or def 'goo'")
        #expect(diagnostic.suggestion?.contains("go") == true)
    }

    @Test func importsAreReadAtCheckTimeAndTheirDefsKnown() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "def bad { train mlp epohcs=2 }\ndef good { measure accuracy }\n".write(
            to: dir.appendingPathComponent("lib.amu"), atomically: true, encoding: .utf8)
        // A typo inside an imported def, called late: found before the first training.
        let typo = run(
            "load synthetic rows=300\ntrain mlp epochs=1\nimport \"lib.amu\"\nbad\n", in: dir)
        #expect(!typo.ok && typo.trained == 0)
        let diagnostic = try #require(typo.results.first?.diagnostics.first)
        #expect(diagnostic.message.contains("unknown parameter 'epohcs'"))
        #expect(diagnostic.location?.file == "lib.amu")
        #expect(typo.results.first?.sources["lib.amu"] != nil)
        // A missing import is reported before training too.
        let missing = run(
            "load synthetic rows=300\ntrain mlp epochs=1\nimport \"nowhere.amu\"\n", in: dir)
        #expect(!missing.ok && missing.trained == 0)
        // A def the import declares is known to the cells after it.
        let good = run(
            "load synthetic rows=300\ntrain mlp epochs=1\nimport \"lib.amu\"\ngood\n", in: dir)
        #expect(good.ok, "\(good.results.flatMap(\.diagnostics).map(\.description))")
        #expect(good.recorded > 0)
    }

    @Test func dryRunPlansTheReadmeMatrixOneLiner() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = run(
            "load synthetic rows=400\nimport \"interactions.amu\"; matrix\n", in: dir,
            dryRun: true)
        let diagnostics = outcome.results.flatMap(\.diagnostics).map(\.description)
        #expect(outcome.ok, "\(diagnostics)")
        #expect(outcome.trained == 0 && outcome.recorded == 0)
        let notes = outcome.results.flatMap(\.outputs).compactMap { output -> String? in
            if case .note(let text) = output { return text }
            return nil
        }
        let plan = try #require(notes.first { $0.hasPrefix("plan: ") })
        // Five defenses × three repetitions, each a baseline and a defended model at least.
        let count = Int(plan.dropFirst("plan: ".count).prefix { $0.isNumber }) ?? 0
        #expect(count >= 30, "\(plan)")
        #expect(!plan.contains("not planned"))
    }
}
