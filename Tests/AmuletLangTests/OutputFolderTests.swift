import AmuletLang
import Foundation
import Testing

/// Where `report`, `export` and `save` may write: a missing folder one level deep is made, a
/// deeper missing path is refused (a typo must not leave a tree of new folders behind).
@Suite struct OutputFolderTests {
    @Test func aDeeperMissingFolderIsRefusedAndNothingIsCreated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        #expect(
            interpreter.run("load synthetic rows=300; train logreg epochs=1; measure accuracy")
                .succeeded)
        for command in [
            "report nowhere/dir/x.html", "export nowhere/dir/x.csv", "save nowhere/dir/x.amu",
        ] {
            let result = interpreter.run(command)
            #expect(!result.succeeded, "\(command)")
            let diagnostic = try #require(result.diagnostics.first)
            #expect(
                diagnostic.message.contains("there is no folder 'nowhere/dir'"), "\(diagnostic)")
            #expect(diagnostic.suggestion?.contains("mkdir -p nowhere/dir") == true)
        }
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("nowhere").path))
        // One level: the folder is made, as before.
        #expect(interpreter.run("report out/x.html").succeeded)
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/x.html").path)
        )
    }
}
