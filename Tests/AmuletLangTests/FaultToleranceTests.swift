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
        let files = 3_000
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
}
