import AmuletLang
import Testing

@Suite("Parser recovery")
struct ParserRecoveryTests {
    @Test func badMiddleStatementGivesOneDiagnosticAndTheRestParse() {
        let (program, diagnostics) = Parser.parse(
            source: "load adult\ntraim mlp epochs=3 [1, 2]\nmeasure accuracy")
        #expect(diagnostics.map(\.kind) == [.unknownVerb])
        #expect(diagnostics.first?.location == location(2, 1))
        #expect(program.statementTexts == ["load adult", "measure accuracy"])
    }

    @Test func errorInsideABlockKeepsTheBlockAndItsOtherStatements() {
        let source = "def f {\n  load @\n  train mlp\n}\nf"
        let (program, diagnostics) = Parser.parse(source: source)
        #expect(diagnostics.map(\.kind) == [.unexpectedCharacter])
        #expect(program.statements.count == 2)
        guard case .def(_, _, let body, _)? = program.statements.first else {
            Issue.record("expected a def")
            return
        }
        #expect(body.count == 1)
    }

    @Test func recoveryInsideAListSkipsToItsClosingBracket() {
        let (program, diagnostics) = Parser.parse(source: "let x = [1, =\n  2]\nshow $x")
        #expect(diagnostics.map(\.kind) == [.unexpectedToken])
        #expect(diagnostics.first?.location == location(1, 13))
        #expect(program.statementTexts == ["show $x"])
    }

    @Test func unclosedListBeforeABlockDoesNotSwallowLaterStatements() {
        let (program, diagnostics) = Parser.parse(
            source: "for x in [a, b {\n  show 1\n}\ncompare\nrpeat 2 {}")
        #expect(diagnostics.map(\.kind) == [.unexpectedToken, .unknownVerb])
        #expect(diagnostics.last?.suggestion == "did you mean 'repeat'?")
        #expect(program.statementTexts == ["compare"])
    }

    @Test func recoverySkipsTheWholeBlockOfAFailedHeader() {
        let (program, diagnostics) = Parser.parse(
            source: "for in [a] {\n  traim\n  load a b c\n}\ncompare")
        #expect(diagnostics.count == 1)
        #expect(program.statementTexts == ["compare"])
    }

    @Test func eachBadStatementIsReportedOnce() {
        let (program, diagnostics) = Parser.parse(
            source: "let 3 = x; load a=; show ]\nx y\n} reset\nlet ok = [a b]")
        #expect(diagnostics.map(\.location?.line) == [1, 1, 1, 2, 3, 4])
        #expect(program.statementTexts == ["reset"])
    }

    @Test func extraTokensAfterAStatementAreAnError() {
        let (_, diagnostics) = Parser.parse(source: "let x = 3 4\ndef f {} g")
        #expect(diagnostics.map(\.location) == [location(1, 11), location(2, 10)])
    }

    @Test func unknownVerbWithoutCloseMatchHasNoSuggestion() {
        let (_, diagnostics) = Parser.parse(source: "xyzzy foo")
        #expect(diagnostics.map(\.kind) == [.unknownVerb])
        #expect(diagnostics.first?.suggestion == nil)
    }

    @Test func keywordsNameNothingAndVerbsNameNoDef() {
        let source = "def train { load adult }\nlet for = 1\nfor in in [a] {}\nlet load = 1"
        let (program, diagnostics) = Parser.parse(source: source)
        #expect(diagnostics.map(\.kind) == [.badArgument, .badArgument, .badArgument])
        #expect(program.statementTexts == ["let load = 1"])
    }

    @Test func unclosedListAtEndOfInput() {
        let (_, diagnostics) = Parser.parse(source: "let x = [1,\n2")
        #expect(diagnostics.map(\.kind) == [.unclosedBlock])
        #expect(diagnostics.first?.location == location(1, 9))
    }

    @Test func lexicalErrorIsNotReportedAgainByTheParser() {
        let (_, diagnostics) = Parser.parse(source: "train mlp lr=1e epochs=\"x\\q\"")
        #expect(diagnostics.map(\.kind) == [.badNumber, .badEscape])
    }

    @Test func diagnosticsComeInSourceOrder() {
        let (_, diagnostics) = Parser.parse(source: "repeat 3 {\n  traim x\n  load @\n")
        #expect(diagnostics.map(\.location?.line) == [1, 2, 3])
        #expect(diagnostics.map(\.kind) == [.unclosedBlock, .unknownVerb, .unexpectedCharacter])
    }

    @Test(arguments: [
        ("repeat 3 {", true), ("let x = [1,", true), ("for d in [a] {\n  repeat 2 {\n  }", true),
        ("show \"abc", true), ("show \"abc\ntrain", false), ("repeat 3 { train }", false),
        ("}", false), ("] [", false), ("load adult # {", false), ("show \"{\"", false), ("", false),
    ])
    func needsMoreInputOnlyForOpenBlocksListsAndStrings(source: String, expected: Bool) {
        #expect(Parser.needsMoreInput(source) == expected)
    }
}
