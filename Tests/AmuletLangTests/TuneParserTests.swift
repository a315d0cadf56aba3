import AmuletLang
import Testing

/// `tune`'s grammar: defenses with swept parameters, then `subject to` constraints.
@Suite struct TuneParserTests {
    @Test func twoDefensesAndThreeConstraintsParse() throws {
        let source =
            "tune dp eps=[0.5, 1] adv eps=0.1 subject to accuracy >= 0.82 and "
            + "mia.lira.auc <= 0.52 and fairness.sex.dp_difference < 15%"
        let parsed = try #require(statements(source))
        guard case .tune(let tune) = parsed.first else {
            Issue.record("not a tune: \(parsed)")
            return
        }
        #expect(tune.axes.map(\.defense) == ["dp", "adv"])
        #expect(tune.axes[0].defenseRange.start.column == 6)
        #expect(tune.axes[0].arguments.map(\.name) == ["eps"])
        guard case .list(let items, _) = tune.axes[0].arguments[0].value else {
            Issue.record("not a list: \(tune.axes[0].arguments[0].value)")
            return
        }
        #expect(items == [number(0.5, "0.5", 1, 14), number(1, "1", 1, 19)])
        #expect(tune.axes[1].arguments[0].value == number(0.1, "0.1", 1, 30))
        #expect(
            tune.constraints.map(\.metric)
                == ["accuracy", "mia.lira.auc", "fairness.sex.dp_difference"])
        #expect(
            tune.constraints.map(\.comparison) == [.greaterOrEqual, .lessOrEqual, .less])
        #expect(tune.constraints[1].metricRange.start.column == 66)
        guard case .number(let percent, _, true, _) = tune.constraints[2].bound else {
            Issue.record("not a percent: \(tune.constraints[2].bound)")
            return
        }
        #expect(abs(percent - 0.15) < 1e-12)
    }

    @Test func missingPartsAreLocated() {
        let noConstraint = Parser.parse(source: "tune dp eps=[1, 8]").diagnostics
        #expect(
            noConstraint.first?.message == "expected a defense or 'subject to', found end of input")
        let noDefense = Parser.parse(source: "tune subject to accuracy > 0.5").diagnostics
        #expect(noDefense.first?.location?.column == 6)
        let badOperator = Parser.parse(source: "tune dp subject to accuracy = 0.5").diagnostics
        #expect(badOperator.first?.location?.column == 29)
        let trailing = Parser.parse(source: "tune dp subject to accuracy > 0.5 or x > 1")
            .diagnostics
        #expect(trailing.first?.location?.column == 35)
    }
}
