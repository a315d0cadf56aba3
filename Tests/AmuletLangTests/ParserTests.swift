import AmuletLang
import Testing

@Suite("Parser")
struct ParserTests {
    @Test func commandTakesSubjectAndNamedArguments() {
        let command = Command(
            verb: .train, verbRange: span(1, 1, 5), subject: "mlp", subjectRange: span(1, 7, 3),
            arguments: [
                Argument(name: "epochs", nameRange: span(1, 11, 6), value: number(20, "20", 1, 18)),
                Argument(
                    name: "lr", nameRange: span(1, 21, 2), value: number(0.001, "1e-3", 1, 24)),
            ],
            range: span(1, 1, 27))
        #expect(statements("train mlp epochs=20 lr=1e-3") == [.command(command)])
    }

    @Test func wordAfterVerbFollowedByEqualsIsNotASubject() {
        let command = Command(
            verb: .set, verbRange: span(1, 1, 3),
            arguments: [
                Argument(name: "seed", nameRange: span(1, 5, 4), value: number(7, "7", 1, 10))
            ],
            range: span(1, 1, 10))
        #expect(statements("set seed=7") == [.command(command)])
    }

    @Test func onlyTheFirstBareWordIsTheSubject() {
        let command = Command(
            verb: .export, verbRange: span(1, 1, 6), subject: "predictions",
            subjectRange: span(1, 8, 11), arguments: [Argument(value: word("out.csv", 1, 20))],
            range: span(1, 1, 26))
        #expect(statements("export predictions out.csv") == [.command(command)])
    }

    @Test func stringsVariablesAndNumbersAreNeverSubjects() {
        let importCommand = Command(
            verb: .import, verbRange: span(1, 1, 6),
            arguments: [Argument(value: .string("x.amu", range: span(1, 8, 7)))],
            range: span(1, 1, 14))
        let show = Command(
            verb: .show, verbRange: span(2, 1, 4),
            arguments: [Argument(value: .variable(name: "n", range: span(2, 6, 2)))],
            range: span(2, 1, 7))
        let setNegative = Command(
            verb: .set, verbRange: span(3, 1, 3),
            arguments: [Argument(value: number(-1, "-1", 3, 5))],
            range: span(3, 1, 6))
        #expect(
            statements("import \"x.amu\"\nshow $n\nset -1")
                == [.command(importCommand), .command(show), .command(setNegative)])
    }

    @Test func verbAloneHasNoSubjectOrArguments() {
        #expect(
            statements("compare")
                == [
                    .command(
                        Command(verb: .compare, verbRange: span(1, 1, 7), range: span(1, 1, 7)))
                ])
    }

    @Test func percentArgumentKeepsItsSpelling() {
        let value = Expr.number(value: 0.1, text: "10%", isPercent: true, range: span(1, 15, 3))
        let command = Command(
            verb: .defend, verbRange: span(1, 1, 6), subject: "dp", subjectRange: span(1, 8, 2),
            arguments: [Argument(name: "eps", nameRange: span(1, 11, 3), value: value)],
            range: span(1, 1, 17))
        #expect(statements("defend dp eps=10%") == [.command(command)])
    }

    @Test func letBindsAListThatSpansLines() {
        let list = Expr.list(
            [
                number(1, "1", 1, 11), number(2.5, "2.5", 2, 3),
                .list([word("a", 3, 4)], range: span(3, 3, 3)),
            ],
            range: span(1, 10, to: 3, 7))
        let expected = Statement.let(
            name: "xs", nameRange: span(1, 5, 2), value: list, range: span(1, 1, to: 3, 7))
        #expect(statements("let xs = [1,\n  2.5,\n  [a]]") == [expected])
    }

    @Test func nestedForAndRepeatBlocks() {
        let source = "for d in [adult, compas] {\n  repeat 2 {\n    load $d\n  }\n}"
        let load = Command(
            verb: .load, verbRange: span(3, 5, 4),
            arguments: [Argument(value: .variable(name: "d", range: span(3, 10, 2)))],
            range: span(3, 5, 7))
        let inner = Statement.repeatLoop(
            count: 2, countRange: span(2, 10, 1), body: [.command(load)],
            range: span(2, 3, to: 4, 4))
        let sequence = Expr.list(
            [word("adult", 1, 11), word("compas", 1, 18)], range: span(1, 10, 15))
        let outer = Statement.forLoop(
            variable: "d", variableRange: span(1, 5, 1), sequence: sequence, body: [inner],
            range: span(1, 1, to: 5, 2))
        #expect(statements(source) == [outer])
    }

    @Test func defBodyAndBareNameCall() {
        let source = "def base { load adult; train mlp }\nbase"
        let load = Command(
            verb: .load, verbRange: span(1, 12, 4), subject: "adult", subjectRange: span(1, 17, 5),
            range: span(1, 12, 10))
        let train = Command(
            verb: .train, verbRange: span(1, 24, 5), subject: "mlp", subjectRange: span(1, 30, 3),
            range: span(1, 24, 9))
        #expect(
            statements(source) == [
                .def(
                    name: "base", nameRange: span(1, 5, 4),
                    body: [.command(load), .command(train)],
                    range: span(1, 1, 34)),
                .call(name: "base", range: span(2, 1, 4)),
            ])
    }

    @Test func emptyStatementsAndCommentsAreSkipped() {
        let parsed = statements(";;\n# heading\n\ncompare ; ;reset # done\n")
        #expect(parsed?.count == 2)
        #expect(parsed?.last?.range == span(4, 12, 5))
    }

    @Test func emptyBlockIsAllowed() {
        #expect(
            statements("repeat 3 {}")
                == [
                    .repeatLoop(
                        count: 3, countRange: span(1, 8, 1), body: [], range: span(1, 1, 11))
                ])
    }

    @Test func keywordsAndVerbsCanBeWordArguments() {
        let command = Command(
            verb: .help, verbRange: span(1, 1, 4), subject: "repeat", subjectRange: span(1, 6, 6),
            arguments: [Argument(value: word("train", 1, 13))], range: span(1, 1, 17))
        #expect(statements("help repeat train") == [.command(command)])
    }

    @Test func statementTextsReproduceTheSourceOfEachStatement() {
        let source = "load adult  # data\nrepeat 2 {\n  train mlp\n}; show $n\n"
        let (program, diagnostics) = Parser.parse(source: source, file: "cell.amu")
        #expect(diagnostics.isEmpty)
        #expect(program.statementTexts == ["load adult", "repeat 2 {\n  train mlp\n}", "show $n"])
        #expect(program.file == "cell.amu")
        #expect(program.statements.first?.range.start.file == "cell.amu")
    }

    @Test func exprRangeCoversQuotesAndBrackets() {
        #expect(Expr.string("a", range: span(1, 1, 3)).range == span(1, 1, 3))
        let argument = Argument(name: "k", nameRange: span(1, 1, 1), value: number(1, "1", 1, 3))
        #expect(argument.range == span(1, 1, 3))
    }

    @Test func commandLooksUpArgumentsByName() {
        let parsed = statements("attack lira shadows=16 out.csv")
        guard case .command(let command)? = parsed?.first else {
            Issue.record("expected a command")
            return
        }
        #expect(command.argument(named: "shadows") == number(16, "16", 1, 21))
        #expect(command.argument(named: "missing") == nil)
        #expect(command.positionalArguments == [word("out.csv", 1, 24)])
    }

    @Test func sourceTextHandlesCRLFAndRangesOutsideTheSource() {
        let (program, _) = Parser.parse(source: "load a\r\ntrain b # x\r\n")
        #expect(program.statementTexts == ["load a", "train b"])
        #expect(span(9, 1, 3).text(in: "abc") == "")
        #expect(span(1, 2, to: 7, 1).text(in: "abc\nd") == "bc\nd")
    }

    @Test func largeScriptKeepsEveryStatementText() {
        let lines = (1...5_000).map { "show \($0) # line \($0)" }
        let (program, diagnostics) = Parser.parse(source: lines.joined(separator: "\n"))
        #expect(diagnostics.isEmpty)
        #expect(program.statementTexts == (1...5_000).map { "show \($0)" })
    }
}
