import AmuletLang
import Testing

@Suite("Diagnostic rendering")
struct DiagnosticRendererTests {
    /// The rendered diagnostics of parsing `source`, without colour.
    func rendered(_ source: String, file: String? = nil) -> String {
        let (_, diagnostics) = Parser.parse(source: source, file: file)
        return DiagnosticRenderer().render(diagnostics, source: source)
    }

    @Test func unknownVerbSuggestsClosestVerb() {
        #expect(
            rendered("traim mlp") == """
                <input>:1:1: error: unknown command 'traim'
                  1 | traim mlp
                    | ^~~~~ did you mean 'train'?
                """)
        let (_, diagnostics) = Parser.parse(source: "traim mlp")
        #expect(diagnostics.map(\.kind) == [.unknownVerb])
        #expect(diagnostics.first?.suggestion == "did you mean 'train'?")
    }

    @Test func unterminatedStringPointsAtTheOpeningQuote() {
        #expect(
            rendered("load adult\nimport \"x.amu\n", file: "a.amu") == """
                a.amu:2:8: error: unterminated string; add a closing '"' before the end of the line
                  2 | import "x.amu
                    |        ^
                """)
    }

    @Test func badNumberUnderlinesTheWholeNumber() {
        #expect(
            rendered("train mlp lr=1e") == """
                <input>:1:14: error: malformed number '1e'
                  1 | train mlp lr=1e
                    |              ^~
                """)
    }

    @Test func unclosedBlockPointsAtItsBrace() {
        #expect(
            rendered("repeat 3 {\n  train mlp\n") == """
                <input>:1:10: error: '{' is never closed; add a '}' to end the block
                  1 | repeat 3 {
                    |          ^
                """)
    }

    @Test func repeatNeedsAPositiveWholeNumber() {
        #expect(
            rendered("repeat x {}") == """
                <input>:1:8: error: 'repeat' needs a positive whole number of times, found 'x'
                  1 | repeat x {}
                    |        ^
                """)
        for count in ["0", "2.5", "10%", "1e2", "\"3\"", "99999999999999999999"] {
            let (_, diagnostics) = Parser.parse(source: "repeat \(count) { show 1 }")
            #expect(diagnostics.map(\.kind) == [.badArgument], "repeat \(count)")
        }
    }

    @Test func styleGuideExampleWithFileAndSuggestion() {
        let source = "load synthetic rows=200\n\nattack lira2 shadows=16"
        let diagnostic = Diagnostic(
            .unknownName, "unknown attack 'lira2'",
            at: AmuletLang.SourceLocation(file: "file.amu", line: 3, column: 8), length: 5,
            suggestion: "did you mean 'lira'?")
        #expect(
            DiagnosticRenderer().render(diagnostic, source: source) == """
                file.amu:3:8: error: unknown attack 'lira2'
                  3 | attack lira2 shadows=16
                    |        ^~~~~ did you mean 'lira'?
                """)
    }

    @Test func withoutSourceTheSuggestionGetsAHelpLine() {
        let diagnostic = Diagnostic(
            .unknownName, "unknown attack 'lira2'", at: location(3, 8), length: 5,
            suggestion: "did you mean 'lira'?")
        #expect(
            DiagnosticRenderer().render(diagnostic, source: nil) == """
                <input>:3:8: error: unknown attack 'lira2'
                  help: did you mean 'lira'?
                """)
    }

    @Test func withoutLocationOnlyTheMessageIsShown() {
        let diagnostic = Diagnostic(.io, "cannot read 'x.csv'")
        #expect(
            DiagnosticRenderer().render(diagnostic, source: "load x")
                == "error: cannot read 'x.csv'")
        #expect(diagnostic.description == "error: cannot read 'x.csv'")
    }

    @Test func caretKeepsTabsAndWideLineNumbersAlign() {
        var source = String(repeating: "\n", count: 11)
        source += "\tshow @"
        #expect(
            rendered(source) == """
                <input>:12:7: error: unexpected character '@'
                  12 | \tshow @
                     | \t     ^
                """)
    }

    @Test func caretIsClippedToTheEndOfTheLine() {
        let diagnostic = Diagnostic(.runtime, "boom", at: location(1, 3), length: 40)
        #expect(
            DiagnosticRenderer().render(diagnostic, source: "abcd") == """
                <input>:1:3: error: boom
                  1 | abcd
                    |   ^~
                """)
    }

    @Test func colourIsOnlyUsedWhenAsked() {
        let diagnostic = Diagnostic(.runtime, "boom", at: location(1, 1))
        let plain = DiagnosticRenderer(useColor: false).render(diagnostic, source: "x")
        let coloured = DiagnosticRenderer(useColor: true).render(diagnostic, source: "x")
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        let stripped = coloured.replacing(/\x{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == plain)
    }

    @Test func controlCharactersInTheSourceLineAreEscapedWithTheCaretAligned() {
        let source = "show \u{1B}x unknownthing"
        let after = Diagnostic(.unknownName, "bad", at: location(1, 9), length: 3)
        #expect(
            DiagnosticRenderer().render(after, source: source) == #"""
                <input>:1:9: error: bad
                  1 | show \u{1B}x unknownthing
                    |              ^~~
                """#)
        let on = Diagnostic(.unexpectedCharacter, "bad", at: location(1, 6), length: 1)
        #expect(
            DiagnosticRenderer().render(on, source: source) == #"""
                <input>:1:6: error: bad
                  1 | show \u{1B}x unknownthing
                    |      ^~~~~~
                """#)
    }

    @Test func renderedDiagnosticsContainNoControlCharactersButTabAndNewline() {
        for control in ["\u{0}", "\u{7}", "\u{8}", "\u{1B}", "\u{7F}", "\u{9B}"] {
            let source = "load x\(control)y\ttrain \(control)\(control)"
            let (_, diagnostics) = Parser.parse(source: source)
            #expect(!diagnostics.isEmpty)
            var withSuggestion = Diagnostic(.badArgument, "bad \(control)", at: location(1, 1))
            withSuggestion.suggestion = "try \(control)"
            for diagnostic in diagnostics + [withSuggestion] {
                let text = DiagnosticRenderer().render(diagnostic, source: source)
                let controls = text.unicodeScalars.filter {
                    ($0.value < 0x20 && $0 != "\n" && $0 != "\t")
                        || (0x7F...0x9F).contains($0.value)
                }
                #expect(controls.isEmpty, "\(text.debugDescription)")
            }
        }
    }
}
