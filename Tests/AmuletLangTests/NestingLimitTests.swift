import AmuletData
import AmuletLang
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// Deep nesting ends in one located diagnostic instead of overflowing the stack.
@Suite("Nesting limits")
struct NestingLimitTests {
    static let depth = 6_000

    /// Each construct's opening line, with the column of the first `{` or `[` on it that
    /// goes past the limit when 256 are already open: for `for`, the list's `[`.
    static let openings: [(name: String, line: String, column: Int)] = [
        ("repeat", "repeat 1 {", 10),
        ("for", "for x in [1] {", 10),
        ("def", "def a {", 7),
    ]

    func interpreter() -> Interpreter {
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        return Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil),
                currentDirectory: FileManager.default.temporaryDirectory.path))
    }

    @Test(arguments: [true, false])
    func deeplyNestedListsReportTheOpeningPastTheLimit(closed: Bool) {
        let limit = Parser.maximumNestingDepth
        let source =
            "show " + String(repeating: "[", count: Self.depth) + "1"
            + (closed ? String(repeating: "]", count: Self.depth) : "")
        let (_, diagnostics) = Parser.parse(source: source)
        #expect(diagnostics.map(\.kind) == [.nestedTooDeeply])
        #expect(diagnostics.first?.location == SourceLocation(line: 1, column: 6 + limit))
        #expect(diagnostics.first?.message.contains("nested too deeply") == true)
        var interpreter = interpreter()
        #expect(!interpreter.run(source).succeeded)
    }

    @Test(arguments: [true, false])
    func deeplyNestedBlocksReportTheOpeningPastTheLimit(closed: Bool) {
        for opening in Self.openings {
            let source =
                String(repeating: opening.line + "\n", count: Self.depth) + "show 1\n"
                + (closed ? String(repeating: "}\n", count: Self.depth) : "")
            let (_, diagnostics) = Parser.parse(source: source)
            #expect(diagnostics.map(\.kind) == [.nestedTooDeeply], "\(opening.name)")
            #expect(
                diagnostics.first?.location
                    == SourceLocation(line: Parser.maximumNestingDepth + 1, column: opening.column),
                "\(opening.name)")
            var interpreter = interpreter()
            #expect(!interpreter.run(source).succeeded, "\(opening.name)")
        }
    }

    @Test func nestingUpToTheLimitParsesAndRuns() {
        let limit = Parser.maximumNestingDepth
        let list = String(repeating: "[", count: limit) + "7" + String(repeating: "]", count: limit)
        var interpreter = interpreter()
        #expect(interpreter.run("let x = \(list)").succeeded)
        let blocks =
            String(repeating: "repeat 1 {\n", count: limit) + "show 1\n"
            + String(repeating: "}\n", count: limit)
        #expect(interpreter.run(blocks).succeeded)
    }

    @Test func defCallingItselfStopsWithALocatedRecursionError() {
        var interpreter = interpreter()
        let result = interpreter.run("def a { a }; a")
        #expect(result.diagnostics.count == 1)
        let diagnostic = result.diagnostics.first
        #expect(diagnostic?.message.contains("recursion too deep") == true)
        #expect(diagnostic?.location == SourceLocation(line: 1, column: 9))
    }

    @Test func recursionThroughDeepBlocksStopsWithARecursionError() {
        let depth = Parser.maximumNestingDepth - 1
        let source =
            "def a {\n" + String(repeating: "repeat 1 {\n", count: depth) + "a\n"
            + String(repeating: "}\n", count: depth) + "}\na\n"
        var interpreter = interpreter()
        let result = interpreter.run(source)
        #expect(result.diagnostics.first?.message.contains("recursion too deep") == true)
    }
}
