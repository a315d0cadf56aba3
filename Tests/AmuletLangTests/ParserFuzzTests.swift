import AmuletLang
import Testing

/// Random inputs through the lexer and parser: nothing crashes, every diagnostic points inside
/// the input, and inputs known to be invalid (or valid) are reported as such.
@Suite("Parser fuzzing")
struct ParserFuzzTests {
    /// Token texts that may appear in valid programs.
    static let pool = [
        "load", "train", "attack", "show", "help", "let", "for", "in", "repeat", "def", "adult",
        "mlp-m1", "out/r.html", "../x.amu", "epochs", "=", "20", "0.5", "1e-3", "10%", "-1", ".5",
        "\"s\"", "\"a\\\"b\"", "$n", "[", "]", ",", "{", "}", ";", "\n", "\n\n", "x", "3", "# c\n",
        "\"open\n", "traim",
    ]
    /// Tokens that make any program containing them invalid.
    static let alwaysInvalid = ["@", "1e", "3.4.5", "10%%", "$", "\"bad\\q\"", "-", "1x"]
    /// Tokens that can hide others from the lexer (a comment or an unclosed string).
    static let masking: Set<String> = ["# c\n", "\"open\n"]

    @Test func splitMixMatchesTheReferenceOutput() {
        // First outputs of Vigna's splitmix64.c with x = 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func randomTokenSequencesNeverCrashAndReportInsideTheInput() {
        var generator = SplitMix64(seed: 0xA11CE)
        var invalidCount = 0
        for _ in 0..<3_000 {
            let count = generator.nextInt(below: 16)
            var parts: [String] = []
            for _ in 0..<count {
                let fromInvalid = generator.nextInt(below: 10) == 0
                parts.append(generator.pick(fromInvalid ? Self.alwaysInvalid : Self.pool))
            }
            let source = parts.joined(separator: generator.pick([" ", " ", "\n", ";"]))
            let diagnostics = checkedDiagnostics(source)
            let hasInvalid = parts.contains { Self.alwaysInvalid.contains($0) }
            if hasInvalid && !parts.contains(where: Self.masking.contains) {
                invalidCount += 1
                #expect(!diagnostics.isEmpty, "no diagnostic for \(source.debugDescription)")
            }
        }
        #expect(invalidCount > 300)
    }

    @Test func randomBytesNeverCrashAndReportInsideTheInput() {
        var generator = SplitMix64(seed: 0xB17E5)
        let alphabet = Array("ab_.-/~:09eE%+\"\\$#[]{}=,; \n\r\té👍@")
        var rejected = 0
        for round in 0..<3_000 {
            let length = generator.nextInt(below: 40)
            let source: String
            if round.isMultiple(of: 2) {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                source = String(decoding: bytes, as: UTF8.self)
            } else {
                source = String((0..<length).map { _ in generator.pick(alphabet) })
            }
            if !checkedDiagnostics(source).isEmpty { rejected += 1 }
        }
        #expect(rejected > 1_000)
    }

    @Test func generatedValidProgramsParseCleanlyAndKeepTheirText() {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<1_000 {
            let texts = (0..<(1 + generator.nextInt(below: 4))).map { _ in
                Self.statement(depth: 0, using: &generator)
            }
            let source = texts.joined(separator: generator.pick(["\n", "; ", "\n\n# note\n"]))
            let (program, diagnostics) = Parser.parse(source: source)
            #expect(diagnostics.isEmpty, "\(source.debugDescription): \(diagnostics)")
            #expect(program.statementTexts == texts)
        }
    }

    /// Parses `source` and checks the properties every input must have; returns the diagnostics.
    ///
    /// Every diagnostic must have a location inside the input. An input with no diagnostics
    /// must split into statements that each parse again, on their own, as one clean statement.
    private func checkedDiagnostics(
        _ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> [Diagnostic] {
        let (program, diagnostics) = Parser.parse(source: source)
        for diagnostic in diagnostics {
            #expect(
                isInside(diagnostic.location, source),
                "\(diagnostic) outside \(source.debugDescription)", sourceLocation: sourceLocation)
        }
        if diagnostics.isEmpty {
            for text in program.statementTexts {
                let (again, more) = Parser.parse(source: text)
                #expect(
                    more.isEmpty && again.statements.count == 1,
                    "\(text.debugDescription) from \(source.debugDescription)",
                    sourceLocation: sourceLocation)
            }
        }
        return diagnostics
    }

    // MARK: - A generator of valid programs

    private static let words = ["adult", "mlp", "out/r.html", "../x.amu", "dp", "a:b", "~/d"]
    private static let names = ["n", "x_1", "my-var", "eps"]
    private static let numbers = ["3", "0.5", "1e-3", "2.5E+4", ".5", "-1", "10%", "-.25"]
    private static let strings = ["\"s\"", "\"a b\"", "\"q\\\"\\n\"", "\"\""]

    private static func expression(depth: Int, using generator: inout SplitMix64) -> String {
        switch generator.nextInt(below: depth < 2 ? 5 : 4) {
        case 0: return generator.pick(numbers)
        case 1: return generator.pick(strings)
        case 2: return generator.pick(words)
        case 3: return "$" + generator.pick(names)
        default:
            let count = 1 + generator.nextInt(below: 3)
            let items = (0..<count).map { _ in expression(depth: depth + 1, using: &generator) }
            return "[" + items.joined(separator: generator.pick([", ", ",", ",\n  "])) + "]"
        }
    }

    private static func statement(depth: Int, using generator: inout SplitMix64) -> String {
        let choice = generator.nextInt(below: depth < 2 ? 6 : 3)
        switch choice {
        case 0:
            var text = generator.pick(Verb.allCases).rawValue
            if generator.nextInt(below: 2) == 0 { text += " " + generator.pick(words) }
            for _ in 0..<generator.nextInt(below: 3) {
                let value = expression(depth: 0, using: &generator)
                let named = generator.nextInt(below: 2) == 0
                text += " " + (named ? generator.pick(names) + "=" + value : value)
            }
            return text
        case 1: return "let \(generator.pick(names)) = \(expression(depth: 0, using: &generator))"
        case 2: return "base"
        case 3:
            let sequence = expression(depth: 0, using: &generator)
            return "for \(generator.pick(names)) in \(sequence) \(block(depth, &generator))"
        case 4: return "repeat \(1 + generator.nextInt(below: 9)) \(block(depth, &generator))"
        default: return "def \(generator.pick(names)) \(block(depth, &generator))"
        }
    }

    private static func block(_ depth: Int, _ generator: inout SplitMix64) -> String {
        let body = (0..<generator.nextInt(below: 3)).map { _ in
            statement(depth: depth + 1, using: &generator)
        }
        return body.isEmpty ? "{}" : "{\n  " + body.joined(separator: "\n  ") + "\n}"
    }
}
