import AmuletLang
import Testing

@Suite("Diagnostic values")
struct DiagnosticTests {
    @Test func initializersAgree() {
        let short = Diagnostic(.outOfRange, "eps must be > 0", at: location(2, 3), length: 4)
        let labelled = Diagnostic(
            kind: .outOfRange, message: "eps must be > 0", location: location(2, 3), length: 4)
        let ranged = Diagnostic(.outOfRange, "eps must be > 0", range: span(2, 3, 4))
        #expect(short == labelled && labelled == ranged)
        #expect(short.severity == .error && short.suggestion == nil)
        #expect(short.description == "<input>:2:3: error: eps must be > 0")
    }

    @Test func multiLineRangeUnderlinesOneCharacter() {
        let diagnostic = Diagnostic(.runtime, "failed", range: span(1, 1, to: 3, 2))
        #expect(diagnostic.length == 1)
    }
}
