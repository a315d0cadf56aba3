import AmuletTestSupport
import Foundation
import Testing

@testable import AmuletLang

/// `stdlib/interactions.amu` stays runnable: every name and parameter in its defs is one the
/// Catalog knows, checked without training anything.
@Suite struct StdlibInteractionsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-stdlib-\(UUID().uuidString)")

    @Test func theMatrixDefChecksCleanAgainstTheCatalog() throws {
        var i = Interpreter.forTesting(in: folder)
        let path = TestSupport.packageRoot().appendingPathComponent("stdlib/interactions.amu")
        let imported = i.run("import \"\(path.path)\"")
        #expect(imported.succeeded, "\(imported.diagnostics)")
        #expect(i.session.definitions["matrix"] != nil)
        let (program, errors) = Parser.parse(source: "matrix", file: nil)
        #expect(errors.isEmpty)
        #expect(throws: Never.self) { try i.check(program.statements) }
        // The same walk finds a misspelt attack inside a def the cell calls.
        #expect(i.run("def broken { attack evason }").succeeded)
        let (call, _) = Parser.parse(source: "broken", file: nil)
        #expect(throws: Diagnostic.self) { try i.check(call.statements) }
        // And nothing ran: importing and checking trained no model.
        #expect(i.session.ledger.rows.isEmpty)
    }
}
