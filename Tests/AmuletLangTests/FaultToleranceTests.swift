import AmuletData
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

@testable import AmuletLang

/// Inputs that once crashed the process or gave a wrong answer end in a located diagnostic.
@Suite struct FaultToleranceTests {
    /// The first diagnostic of running `source` as one cell on a fresh interpreter.
    func firstDiagnostic(_ source: String, in folder: URL? = nil) -> Diagnostic? {
        var interpreter = Interpreter.forTesting(
            in: folder ?? FileManager.default.temporaryDirectory)
        return interpreter.run(source).diagnostics.first
    }

    /// A scalar given to a list parameter is range-checked like the list it stands for; these
    /// reached a precondition in `Dense` (SIGILL) or built absurd layers.
    @Test(arguments: [
        ("load synthetic rows=300; train mlp hidden=0", "hidden=0"),
        ("load synthetic rows=300; train mlp hidden=-5", "hidden=-5"),
        ("load synthetic rows=300; train mlp hidden=100001", "hidden=100001"),
        ("load synthetic rows=300; train mlp hidden=[64, 0]", "hidden=[64, 0]"),
        ("load synthetic rows=300; let h = 0; train mlp hidden=$h", "hidden=0"),
        ("load digits; train cnn channels=0", "channels=0"),
        ("load digits; train cnn channels=2000", "channels=2000"),
        ("load digits group=-1", "group=-1"),
        ("load digits group=[1, 256]", "group=[1, 256]"),
    ])
    func everyValueFormIsRangeChecked(source: String, shown: String) {
        let diagnostic = firstDiagnostic(source)
        #expect(diagnostic?.kind == .outOfRange, "\(source): \(String(describing: diagnostic))")
        #expect(diagnostic?.message.hasPrefix(shown + " is out of range") == true)
    }

    /// A sweep's values pass the same check before anything trains.
    @Test func tuneSweepValuesAreRangeChecked() {
        let diagnostic = firstDiagnostic(
            "load synthetic rows=60; train logreg; tune dp eps=[1, -2] subject to eps <= 5")
        #expect(diagnostic?.kind == .outOfRange)
    }

    /// A chain of files each importing the next stops at the import depth limit with one
    /// diagnostic naming the chain, instead of overflowing the stack (3,000 files: SIGSEGV).
    @Test func aLongImportChainStopsWithADiagnosticNamingIt() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-import-chain")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = 300
        for i in 0..<files {
            let body = i + 1 < files ? "import \"f\(i + 1).amu\"\n" : "let bottom = 1\n"
            try body.write(
                to: folder.appendingPathComponent("f\(i).amu"), atomically: false,
                encoding: .utf8)
        }
        let diagnostic = firstDiagnostic("import \"f0.amu\"", in: folder)
        #expect(diagnostic?.kind == .nestedTooDeeply)
        let message = diagnostic?.message ?? ""
        #expect(message.contains("imports nested too deeply"), "\(message)")
        #expect(message.contains("f0.amu → f1.amu"), "\(message)")
        let limit = Interpreter.maximumImportDepth
        #expect(message.contains("f\(limit).amu → f\(limit + 1).amu"), "\(message)")
        // The file that goes one past the limit is where the diagnostic points.
        #expect(diagnostic?.location?.file == "f\(limit).amu")
        // A chain within the limit runs.
        var interpreter = Interpreter.forTesting(in: folder)
        let shallow = files - limit + 1
        #expect(interpreter.run("import \"f\(shallow).amu\"").succeeded)
        #expect(interpreter.session.variables["bottom"] == .number(1, text: "1"))
    }

    /// A constraint on a subject no run reports is refused before any model trains (it
    /// trained 32 shadow models, then said "no setting reported").
    @Test func tuneRefusesAnUnknownConstraintSubjectBeforeTraining() {
        var interpreter = Interpreter.forTesting(in: FileManager.default.temporaryDirectory)
        #expect(interpreter.run("load synthetic rows=60; train logreg epochs=1").succeeded)
        let trained = interpreter.environment.workbench.memory.count
        let result = interpreter.run("tune dp eps=[1] subject to mia.nosuch.auc <= 0.5")
        let diagnostic = result.diagnostics.first
        #expect(diagnostic?.kind == .unknownName, "\(result.diagnostics)")
        #expect(diagnostic?.message.contains("'nosuch'") == true)
        #expect(interpreter.environment.workbench.memory.count == trained)
        // A subject naming a sensitive attribute, and a known method, still plan.
        let attribute = interpreter.run(
            "tune dp eps=[1] subject to fairness.group.dp_difference <= 0.5")
        #expect(attribute.diagnostics.first?.kind != .unknownName, "\(attribute.diagnostics)")
    }

    /// Every loader refuses a target with a single value, as `load csv` did: `load idx` with
    /// every label 3 reported "4 classes" and trained.
    @Test func everyLoaderRefusesASingleClassTarget() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-one-class")
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 20
        var images = Data([0, 0, 0x08, 3])
        for value in [count, 2, 2] { images.append(contentsOf: bigEndian(value)) }
        images.append(contentsOf: (0..<(count * 4)).map { UInt8($0 % 256) })
        var labels = Data([0, 0, 0x08, 1])
        labels.append(contentsOf: bigEndian(count))
        labels.append(contentsOf: [UInt8](repeating: 3, count: count))
        try images.write(to: folder.appendingPathComponent("images.idx"))
        try labels.write(to: folder.appendingPathComponent("labels.idx"))
        let idx = firstDiagnostic(
            "load idx images=\"images.idx\" labels=\"labels.idx\"", in: folder)
        #expect(idx?.message.contains("same label") == true, "\(String(describing: idx))")
        try "a,b,y\n1,2,x\n3,4,x\n5,6,x\n7,8,x\n".write(
            to: folder.appendingPathComponent("one.csv"), atomically: false, encoding: .utf8)
        let csv = firstDiagnostic("load csv path=\"one.csv\" target=y", in: folder)
        #expect(csv?.message.contains("single value") == true, "\(String(describing: csv))")
    }

    func bigEndian(_ value: Int) -> [UInt8] {
        (0..<4).map { UInt8((value >> (8 * (3 - $0))) & 0xFF) }
    }

    /// A Markdown report escapes hostile CSV column names (a forge renders HTML in Markdown),
    /// and a read-only chart beside it fails the command before the report is written.
    @Test func markdownReportsEscapeHTMLAndCheckEveryOutputFirst() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-hostile-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        var csv = "\"<img src=x onerror=alert(1)>\",\"<svg onload=alert(2)>\",y\n"
        for i in 0..<40 { csv += "\(i % 5),\(i % 3),\(i % 2 == 0 ? "a" : "b")\n" }
        try csv.write(
            to: folder.appendingPathComponent("h.csv"), atomically: false, encoding: .utf8)
        var interpreter = Interpreter.forTesting(in: folder)
        let run = interpreter.run(
            "load csv path=\"h.csv\" target=y sensitive=[\"<svg onload=alert(2)>\"]; "
                + "train logreg epochs=1; measure fairness; show scenario; report h.md")
        #expect(run.succeeded, "\(run.diagnostics)")
        let text = try String(
            contentsOf: folder.appendingPathComponent("h.md"), encoding: .utf8)
        // Outside code fences (which a forge shows as text) no tag survives.
        var outside = ""
        var fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                fenced.toggle()
            } else if !fenced {
                outside += line + "\n"
            }
        }
        #expect(text.contains("&lt;svg onload"), "the hostile name never reached a table")
        #expect(!outside.contains("<img") && !outside.contains("<svg"), "\(outside)")
        #expect(OutputPath.problem("q\te.html") != nil)
        #expect(OutputPath.shown("a\u{1B}b\tc") == "a\\u{1B}b\\u{9}c")
    }
}
