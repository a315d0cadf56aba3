import AmuletLang
import Testing

/// `assert`'s tokens and grammar: comparisons, `within a..b`, an optional scenario.
@Suite struct AssertParserTests {
    @Test func comparisonsAndDotsAreTokens() {
        #expect(
            describeTokens("a<=0.5 >1 <2 >=3 0.5..0.9")
                == [
                    "1:1 word a", "1:2 comparison(AmuletLang.ComparisonOperator.lessOrEqual)",
                    "1:4 number 0.5 0.5", "1:8 comparison(AmuletLang.ComparisonOperator.greater)",
                    "1:9 number 1.0 1", "1:11 comparison(AmuletLang.ComparisonOperator.less)",
                    "1:12 number 2.0 2",
                    "1:14 comparison(AmuletLang.ComparisonOperator.greaterOrEqual)",
                    "1:16 number 3.0 3", "1:18 number 0.5 0.5", "1:21 dotDot",
                    "1:23 number 0.9 0.9", "1:26 end",
                ])
    }

    @Test func assertWithComparisonParses() throws {
        let parsed = try #require(statements("assert mia.lira.auc < 0.55"))
        guard case .assert(let assertion) = parsed.first else {
            Issue.record("not an assert: \(parsed)")
            return
        }
        #expect(assertion.scenario == nil)
        #expect(assertion.metric == "mia.lira.auc")
        #expect(assertion.metricRange.start.column == 8)
        guard case .comparison(.less, .number(let value, _, _, _)) = assertion.bound else {
            Issue.record("bound: \(assertion.bound)")
            return
        }
        #expect(value == 0.55)
    }

    @Test func assertWithScenarioAndIntervalParses() throws {
        let parsed = try #require(
            statements(
                "assert \"mlp + dp(eps=1)\" accuracy within 0.7..0.9\nassert defended x >= 1"))
        guard case .assert(let first) = parsed.first, case .assert(let second) = parsed.last else {
            Issue.record("not asserts: \(parsed)")
            return
        }
        #expect(first.scenario == "mlp + dp(eps=1)" && first.metric == "accuracy")
        guard case .within(.number(let low, _, _, _), .number(let high, _, _, _)) = first.bound
        else {
            Issue.record("bound: \(first.bound)")
            return
        }
        #expect(low == 0.7 && high == 0.9)
        #expect(second.scenario == "defended" && second.metric == "x")
    }

    @Test func assertWithoutConditionIsLocated() {
        let (_, diagnostics) = Parser.parse(source: "assert accuracy 0.5")
        #expect(diagnostics.first?.location?.column == 17)
        #expect(diagnostics.first?.message.contains("expected <, <=, >, >= or 'within'") == true)
    }
}
