import AmuletLang
import AmuletNotebook
import Foundation
import Testing

/// `explain DEFENSE RISK`: the SoK's arrow, the factors' conjecture and what was measured.
@Suite(.serialized) struct ExplainInteractionTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-explain-\(UUID().uuidString)")

    func text(_ result: CellResult) -> String {
        result.outputs.compactMap { output -> String? in
            if case .text(let text) = output { return text }
            return nil
        }.joined(separator: "\n")
    }

    @Test func explainDPEvasionPrintsTheReasoning() {
        var i = Interpreter.forTesting(in: folder)
        let result = i.run("explain dp evasion")
        #expect(result.succeeded, "\(result.diagnostics)")
        let shown = text(result)
        #expect(shown.contains("SoK (Table 3): ↑"))
        #expect(shown.contains("conjecture (§4.4): ↑"))
        #expect(shown.contains("O3 ↓/↓ → ↑"))
        #expect(shown.contains("measured: nothing yet"))
    }

    @Test func explainWithAMeasuredCellSaysWhetherItAgrees() {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run("load synthetic rows=400 features=4 separation=2").succeeded)
        let run = i.run(
            "repeat 2 {\n train mlp hidden=[8] epochs=2\n defend dp eps=4\n measure accuracy\n"
                + " measure factors\n}")
        #expect(run.succeeded, "\(run.diagnostics)")
        let shown = text(i.run("explain dp utility"))
        #expect(shown.contains("measured (dp): accuracy"))
        // D1 and M1 do not change under dp: their Δ is exactly 0 and does not move.
        #expect(shown.contains("factor D1 (training-set size): +0.000 ± 0.000"), "\(shown)")
        #expect(shown.contains("factor O2.1 (train/test distinguishability)"))
        let membership = text(i.run("explain dp membership"))
        #expect(
            membership.contains("factor M1 (model capacity): +0.000 ± 0.000; did not move"),
            "\(membership)")
        #expect(membership.contains("factor O1 (loss curvature)"), "\(membership)")
        #expect(membership.contains("factor O3 (distance to the decision boundary)"))
        #expect(membership.contains("factor D2 (tail of the distribution)"))
        let wrong = i.run("explain dp evasion extra")
        #expect(
            wrong.diagnostics.first?.message == "explain takes one name, or a defense and a risk")
    }

    @Test func explainAMeasuredEvasionCellGivesTheMeasuredExplanation() {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run("load synthetic rows=400 features=4 separation=2").succeeded)
        let run = i.run(
            "repeat 2 {\n train mlp hidden=[8] epochs=2\n defend dp eps=4\n"
                + " attack evasion eps=0.1 steps=5\n measure factors shadows=0 probes=4\n}")
        #expect(run.succeeded, "\(run.diagnostics)")
        let shown = text(i.run("explain dp evasion"))
        #expect(shown.contains("measured (dp): evasion."), "\(shown)")
        // The explanation names evasion's Table 2 factors or says none of them moved.
        #expect(shown.contains("measured explanation: "), "\(shown)")
        let matrix = i.run("compare matrix")
        let table = matrix.outputs.compactMap { output -> Table? in
            if case .table(let table) = output { return table }
            return nil
        }.first
        #expect(table?.columns.last == "factors moved")
    }
}
