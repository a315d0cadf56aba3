import AmuletLang
import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

/// A text backdoor swept over portions under `repeat`: `compare matrix` shows a row per
/// portion, and the report's heat map and explanation table show the same rows with the same
/// numbers (issue 25: the report showed only the first portion).
@Suite(.serialized) struct MatrixReportTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-matrix-report-\(UUID().uuidString)")

    static let session = [
        "set seed=0",
        "repeat 2 { load synthetic modality=text rows=600 members=1; train fasttext epochs=3; "
            + "defend onion; for p in [1%, 5%] { attack backdoor portion=$p } }",
    ]

    /// The texts of the `<text>` elements of class `className`, in document order.
    static func texts(_ html: String, className: String) -> [String] {
        let pattern = "<text [^>]*class=\"\(className)\"[^>]*>([^<]*)</text>"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    /// `−0.190* ± 0.296` read back as (Δ, significant, half-width).
    static func parse(_ text: String) -> (delta: Double, significant: Bool, halfWidth: Double)? {
        let parts = text.replacingOccurrences(of: "−", with: "-").components(separatedBy: " ± ")
        guard parts.count == 2, let halfWidth = Double(parts[1]) else { return nil }
        let significant = parts[0].hasSuffix("*")
        guard let delta = Double(parts[0].filter { $0 != "*" }) else { return nil }
        return (delta, significant, halfWidth)
    }

    @Test func theReportHeatMapHasARowPerPortionWithTheTerminalMatrixsValues() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        for line in Self.session {
            let result = interpreter.run(line)
            try #require(result.succeeded, "\(line): \(result.diagnostics)")
        }

        // The expectation from the ledger alone: per portion, the two repetitions' defended −
        // baseline success rates; their mean, the 95% half-width t(0.975, 1)·s/√2 (SciPy:
        // 12.706204736174707) and the paired t-test's p, which for one degree of freedom is
        // the Cauchy tail 1 − (2/π)·atan|t|, Holm-adjusted over the two portions.
        let rows = interpreter.session.ledger.rows.filter {
            $0.metric == PoisoningMetrics.backdoorSuccess
        }
        var expected: [(subject: String, delta: Double, halfWidth: Double, p: Double)] = []
        for subject in ["p=1%", "p=5%"] {
            let differences = (0..<2).compactMap { repetition -> Double? in
                let mine = rows.filter { $0.subject == subject && $0.repetition == repetition }
                guard let defended = mine.first(where: { $0.role == .defended })?.value,
                    let baseline = mine.first(where: { $0.role == .baseline })?.value
                else { return nil }
                return defended - baseline
            }
            try #require(differences.count == 2, "\(subject): \(rows)")
            let mean = (differences[0] + differences[1]) / 2
            let sd = abs(differences[0] - differences[1]) / 2.0.squareRoot()
            try #require(sd > 0, "the repetitions differ, so the test is defined")
            let t = mean / (sd / 2.0.squareRoot())
            expected.append(
                (
                    subject, mean, 12.706204736174707 * sd / 2.0.squareRoot(),
                    1 - 2 / Double.pi * atan(abs(t))
                ))
        }
        let smaller = expected.map(\.p).min() ?? 1
        let holm = expected.map { $0.p == smaller ? 2 * $0.p : max(2 * smaller, $0.p) }

        // The terminal: one line per portion, marked text.
        let compare = interpreter.run("compare matrix")
        try #require(compare.succeeded, "\(compare.diagnostics)")
        let matrix = try #require(
            compare.outputs.compactMap { output -> Table? in
                if case .table(let table) = output, table.title == "defense × risk" {
                    return table
                }
                return nil
            }.first)
        let column = { (name: String) in matrix.columns.firstIndex(of: name) ?? 0 }
        #expect(
            matrix.rows.map { $0[column("metric")].displayText } == [
                "backdoor.p=1%.success_rate", "backdoor.p=5%.success_rate",
            ])
        #expect(matrix.rows.map { $0[column("modality")].displayText } == ["text", "text"])
        let terminal = matrix.rows.map {
            $0[column("Δ")].displayText + " ± " + $0[column("± 95% CI")].displayText
        }

        // The report: the same two rows, named by their portion, with the same numbers.
        let report = interpreter.run("report session.html")
        try #require(report.succeeded, "\(report.diagnostics)")
        let html = try String(
            contentsOf: folder.appendingPathComponent("session.html"), encoding: .utf8)
        #expect(Self.texts(html, className: "row-label") == ["onion", "onion"])
        // Each subject and its modality on lines of their own (the label column is narrow).
        #expect(
            Self.texts(html, className: "row-subject") == [
                "backdoor p=1%", "text", "backdoor p=5%", "text",
            ])
        // The Δ on one line of the cell, its CI on the next.
        let shown = zip(
            Self.texts(html, className: "heat-change"), Self.texts(html, className: "heat-ci")
        ).map { "\($0) \($1)" }
        #expect(shown == terminal)
        try #require(shown.count == 2)
        for (text, (want, adjusted)) in zip(shown, zip(expected, holm)) {
            let cell = try #require(Self.parse(text), "\(text)")
            #expect(abs(cell.delta - want.delta) <= 0.0005, "\(want.subject): \(text)")
            #expect(abs(cell.halfWidth - want.halfWidth) <= 0.0005, "\(want.subject): \(text)")
            #expect(cell.significant == (adjusted < 0.05), "\(want.subject): \(text)")
        }
        for subject in ["p=1%", "p=5%"] {
            #expect(html.contains("<td data-label=\"defense\">onion · backdoor \(subject)</td>"))
        }
    }
}
