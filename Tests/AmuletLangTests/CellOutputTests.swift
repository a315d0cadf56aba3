import AmuletLang
import AmuletNotebook
import AmuletRisks
import Foundation
import Testing

/// Cells print once and are checked whole before anything runs.
@Suite(.serialized) struct CellOutputTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-cells-\(UUID().uuidString)")

    let setup = "load synthetic rows=600 features=4 separation=2; train mlp hidden=[8] epochs=2"

    func tables(_ result: CellResult) -> [Table] {
        result.outputs.compactMap { if case .table(let t) = $0 { t } else { nil } }
    }

    @Test func repeatPrintsOneTableWithTheRepetitionsPooled() throws {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run(setup).succeeded)
        let result = i.run("repeat 3 { measure accuracy }")
        #expect(result.succeeded, "\(result.diagnostics)")
        let shown = tables(result)
        #expect(shown.count == 1)
        // Three repetitions pooled: one row, shown as mean ± half-width.
        let accuracyRows = i.session.ledger.rows.filter { $0.metricName == "accuracy" }
        #expect(accuracyRows.count == 3)
        let cell = try #require(shown.first?.rows.first { $0[1].displayText == "accuracy" })
        guard case .interval(let mean, _, _) = cell[2].unflagged else {
            Issue.record("expected mean ± CI, got \(cell[2])")
            return
        }
        let values = accuracyRows.compactMap(\.value)
        #expect(abs(mean - values.reduce(0, +) / 3) < 1e-12)
    }

    @Test func forPrintsOneTableWithAColumnPerSettingAndEachNoteOnce() {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run(setup).succeeded)
        let result = i.run("for eps in [1, 4] { defend dp eps=$eps\n measure accuracy }")
        #expect(result.succeeded, "\(result.diagnostics)")
        let shown = tables(result)
        #expect(shown.count == 1)
        let header = shown.first?.columns ?? []
        #expect(header.contains { $0.hasSuffix("dp(eps=1)") })
        #expect(header.contains { $0.hasSuffix("dp(eps=4)") })
        let notes = result.outputs.compactMap { if case .note(let n) = $0 { n } else { nil } }
        #expect(Set(notes).count == notes.count)
    }

    @Test func aTypoInTheLastStatementOfABlockStopsTheCellBeforeItTrains() {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run("load synthetic rows=600 features=4 separation=2").succeeded)
        let source = "for e in [1, 2] {\n  train mlp hidden=[8] epochs=$e\n  measure acuracy\n}"
        let result = i.run(source)
        #expect(!result.succeeded)
        let diagnostic = result.diagnostics.first
        #expect(diagnostic?.message == "unknown metric 'acuracy'")
        #expect(diagnostic?.location?.line == 3 && diagnostic?.location?.column == 11)
        // Nothing ran: no model was trained and nothing was measured.
        #expect(i.session.scenario?.baseline == nil)
        #expect(i.session.ledger.rows.isEmpty)
    }

    @Test func aBadValueInALaterIterationIsFoundBeforeTheFirstRuns() {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run(setup).succeeded)
        let result = i.run("for eps in [1, -3] { defend dp eps=$eps\n measure accuracy }")
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.message.contains("eps=-3") == true)
        #expect(i.session.ledger.rows.isEmpty)
    }

    @Test func compareMatrixPairsEachRepetitionsBaselineAndDefendedModel() throws {
        var i = Interpreter.forTesting(in: folder)
        #expect(i.run("load synthetic rows=600 features=4 separation=2").succeeded)
        let run = i.run(
            "repeat 2 {\n train mlp hidden=[8] epochs=2\n defend dp eps=4\n measure accuracy\n}")
        #expect(run.succeeded, "\(run.diagnostics)")
        let result = i.run("compare matrix")
        #expect(result.succeeded, "\(result.diagnostics)")
        let table = try #require(tables(result).first)
        #expect(table.rows.count == 1)
        #expect(table.rows.first?.prefix(3).map(\.displayText) == ["dp", "utility", "accuracy"])
        let typo = i.run("compare matrx")
        #expect(typo.diagnostics.first?.suggestion == "did you mean 'matrix'?")
    }
}
