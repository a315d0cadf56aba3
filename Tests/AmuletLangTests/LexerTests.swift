import AmuletLang
import Testing

@Suite("Lexer")
struct LexerTests {
    @Test func wordsTakePathsDashesDotsAndColons() {
        #expect(
            describeTokens("load ../x.amu out/report.html FILE.csv mlp-m1 ~/d a:b _x .")
                == [
                    "1:1 word load", "1:6 word ../x.amu", "1:15 word out/report.html",
                    "1:31 word FILE.csv", "1:40 word mlp-m1", "1:47 word ~/d", "1:51 word a:b",
                    "1:55 word _x", "1:58 word .", "1:59 end",
                ])
    }

    @Test func numbersAcceptFractionsExponentsSignsAndPercent() {
        #expect(
            describeTokens("3 0.5 1e-3 2.5E+4 .5 -1 -.5 10% 2.5%")
                == [
                    "1:1 number 3.0 3", "1:3 number 0.5 0.5", "1:7 number 0.001 1e-3",
                    "1:12 number 25000.0 2.5E+4", "1:19 number 0.5 .5", "1:22 number -1.0 -1",
                    "1:25 number -0.5 -.5", "1:29 number 0.1 percent 10%",
                    "1:33 number 0.025 percent 2.5%", "1:37 end",
                ])
    }

    @Test func malformedNumbersBecomeOneInvalidTokenEach() {
        let (tokens, diagnostics) = Lexer.tokenize("1e 3.4.5 10%% 3. 16x 1e999")
        #expect(tokens.map(\.kind) == Array(repeating: .invalid, count: 6) + [.endOfInput])
        #expect(diagnostics.map(\.kind) == Array(repeating: .badNumber, count: 6))
        #expect(diagnostics.map(\.location) == [1, 4, 10, 15, 18, 22].map { location(1, $0) })
        #expect(diagnostics.map(\.length) == [2, 5, 4, 2, 3, 5])
        #expect(diagnostics[0].message == "malformed number '1e'")
    }

    @Test func minusOnlyStartsANumberBeforeADigit() {
        #expect(
            describeTokens("x -1 - y")
                == ["1:1 word x", "1:3 number -1.0 -1", "1:6 invalid -", "1:8 word y", "1:9 end"])
    }

    @Test func stringsDecodeTheFourEscapes() {
        #expect(
            describeTokens(#"show "a\"b\\c\nd\te" "#)
                == [#"1:1 word show"#, #"1:6 string "a\"b\\c\nd\te""#, "1:22 end"])
    }

    @Test func unterminatedStringIsReportedAtItsOpeningQuote() {
        let (tokens, diagnostics) = Lexer.tokenize("show \"abc\ntrain")
        #expect(tokens.map(\.kind) == [.word, .invalid, .newline, .word, .endOfInput])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.kind == .unterminatedString)
        #expect(diagnostics.first?.location == location(1, 6))
    }

    @Test func unknownEscapeIsReportedAtTheOpeningQuote() {
        let (tokens, diagnostics) = Lexer.tokenize(#"x "a\qb" y"#)
        #expect(tokens.map(\.kind) == [.word, .invalid, .word, .endOfInput])
        #expect(diagnostics.map(\.kind) == [.badEscape])
        #expect(diagnostics.first?.location == location(1, 3))
        #expect(diagnostics.first?.length == 6)
    }

    @Test func variablesNeedANameAfterTheDollar() {
        #expect(
            describeTokens("show $n $my_var-2 $ $1")
                == [
                    "1:1 word show", "1:6 variable n", "1:9 variable my_var-2", "1:19 invalid $",
                    "1:21 invalid $", "1:22 number 1.0 1", "1:23 end",
                ])
        #expect(
            Lexer.tokenize("$ $1").diagnostics.map(\.kind) == [
                .unexpectedCharacter, .unexpectedCharacter,
            ])
    }

    @Test func punctuationCommentsAndBlankLines() {
        #expect(
            describeTokens("set a=[1,2]; # note {\n\n{ }")
                == [
                    "1:1 word set", "1:5 word a", "1:6 equals", "1:7 leftBracket",
                    "1:8 number 1.0 1", "1:9 comma", "1:10 number 2.0 2", "1:11 rightBracket",
                    "1:12 semicolon", "1:22 newline", "2:1 newline", "3:1 leftBrace",
                    "3:3 rightBrace", "3:4 end",
                ])
    }

    @Test func unexpectedCharactersAreGroupedIntoOneDiagnostic() {
        let (tokens, diagnostics) = Lexer.tokenize("load @%& adult")
        #expect(tokens.map(\.kind) == [.word, .invalid, .word, .endOfInput])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "unexpected characters '@%&'")
        #expect(diagnostics.first?.length == 3)
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(
            describeTokens("show \"héllo👍\" x")
                == ["1:1 word show", "1:6 string \"héllo👍\"", "1:15 word x", "1:16 end"])
    }

    @Test func crlfCountsAsOneLineBreak() {
        #expect(
            describeTokens("load a\r\ntrain\rb")
                == [
                    "1:1 word load", "1:6 word a", "1:7 newline", "2:1 word train", "2:6 newline",
                    "3:1 word b", "3:2 end",
                ])
    }

    @Test func tokensRecordTheFileName() {
        let token = Lexer.tokenize("load", file: "a.amu").tokens[0]
        #expect(token.location == AmuletLang.SourceLocation(file: "a.amu", line: 1, column: 1))
        #expect(token.range == SourceRange(start: token.location, length: 4))
    }
}
