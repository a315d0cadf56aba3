import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

@Suite struct JUnitAndWrapTests {
    @Test func junitCountsCasesAndFailuresAndEscapesText() {
        let xml = JUnitRenderer().render(
            suite: "audit <1>.amu",
            cases: [
                JUnitCase(name: "a.amu:5:1: assert accuracy > 0.8", seconds: 0.0125),
                JUnitCase(
                    name: "a.amu:6:1: assert mia.auc < 0.55",
                    failure: JUnitFailure(
                        message: "mia.auc of 'x & y' is 0.61, not < 0.55", type: "assertion",
                        text: "detail")),
            ])
        #expect(
            xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"2\""))
        #expect(xml.contains("<testsuite name=\"audit &lt;1&gt;.amu\" tests=\"2\" failures=\"1\""))
        #expect(xml.contains("name=\"a.amu:5:1: assert accuracy &gt; 0.8\" time=\"0.013\"/>"))
        #expect(xml.contains("message=\"mia.auc of &apos;x &amp; y&apos; is 0.61, not &lt; 0.55\""))
        #expect(xml.components(separatedBy: "<testcase ").count == 3)
        #expect(xml.hasSuffix("</testsuite>\n</testsuites>\n"))
    }

    @Test func wrapBreaksAtSpacesAndKeepsIndentation() {
        let text = "  membership inference asks whether a record was in the training set"
        let wrapped = TextWrapper(width: 30).wrap(text)
        let lines = wrapped.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines.allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") })
        #expect(lines.joined(separator: " ").split(separator: " ") == text.split(separator: " "))
        #expect(TextWrapper(width: 30).wrap("short\n  also short") == "short\n  also short")
    }

    @Test func longFormHasOneRecordPerValueWithEveryDigit() {
        let metric = MetricID(
            "accuracy", risk: .utility, unit: .ratio, direction: .higherIsBetter, doc: "")
        let rows = [
            LedgerRow(cell: 3, scenario: "mlp", role: .current, metric: metric, value: 0.123456789),
            LedgerRow(
                cell: 4, scenario: "a,b", role: .current, metric: metric, value: nil, seed: 7,
                repetition: 1),
        ]
        #expect(
            LongForm.csv(rows, header: true)
                == "cell,scenario,metric,value,seed,repetition\n3,mlp,accuracy,0.123456789,0,\n"
                + "4,\"a,b\",accuracy,,7,1\n")
        #expect(LongForm.table(rows).rows.count == 2)
    }
}
