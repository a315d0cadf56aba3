import AmuletNotebook
import Foundation
import Testing

@testable import AmuletLang

/// `reset` keeps the prelude; `save` writes the whole session with its seed and a true header.
@Suite struct SessionHistoryTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-history-\(UUID().uuidString)")

    @Test func resetKeepsThePreludesDefsButNotTheUsers() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        #expect(interpreter.run("def quick { show settings }").succeeded)
        interpreter.session.adoptPrelude()
        #expect(interpreter.session.nextCell == 1)
        #expect(interpreter.run("def mine { show settings }").succeeded)
        #expect(interpreter.run("reset").succeeded)
        // `risks` is the Catalog's def, there from the start like the prelude's.
        #expect(interpreter.session.definitions.keys.sorted() == ["quick", "risks"])
        #expect(interpreter.run("quick").succeeded)
        #expect(!interpreter.run("mine").succeeded)
    }

    @Test func saveStartsAtTheSessionStartWithItsSeedAndNamesItsCells() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var interpreter = Interpreter.forTesting(in: folder)
        interpreter.session.settings.seed = 7
        interpreter.session.startSettings.seed = 7
        #expect(interpreter.run("let a = 1").succeeded)  // cell 1
        #expect(!interpreter.run("show $nope").succeeded)  // cell 2 fails: not saved
        #expect(interpreter.run("set seed=3").succeeded)  // cell 3
        #expect(interpreter.run("reset").succeeded)  // cell 4
        #expect(interpreter.run("save first.amu").succeeded)  // cell 5: left out
        #expect(interpreter.run("let b = 2").succeeded)  // cell 6
        #expect(interpreter.run("save out.amu").succeeded)  // cell 7
        let text = try String(
            contentsOf: folder.appendingPathComponent("out.amu"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("# Amulet session: cells 1, 3–4, 6 (4 of the 5") == true)
        #expect(lines.contains("set seed=7"))
        #expect(lines.filter { $0.hasPrefix("# [") } == ["# [1]", "# [3]", "# [4]", "# [6]"])
        #expect(lines.contains("set seed=3") && lines.contains("reset"))
        #expect(!text.contains("save first.amu") && !text.contains("$nope"))
        // The saved file replays in a fresh session to the same state.
        var replay = Interpreter.forTesting(in: folder)
        #expect(replay.runScript(text, file: "out.amu") { _ in })
        #expect(replay.session.settings.seed == 3)
        #expect(replay.session.variables.keys.sorted() == ["b"])
    }

    @Test func cellNumbersPrintAsRuns() {
        #expect(Interpreter.compactRanges([1, 2, 3, 5, 7, 8]) == "1–3, 5, 7–8")
        #expect(Interpreter.compactRanges([]) == "")
    }
}
