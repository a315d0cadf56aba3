import AmuletLang
import AmuletNotebook
import Foundation
import Testing

/// Sessions running side by side in one process give the same bits as each other.
///
/// OpenBLAS's thread count is one process-wide setting: when each product set and restored
/// it on its own, a session's small product could run on two threads while another session
/// had just restored the pool, and LiRA's likelihood ratios (up to 4·10¹⁰ here) came out a
/// few float ulps apart between runs of the same seed. The cases of this test run at the same
/// time on purpose.
@Suite struct ConcurrentReproducibilityTests {
    @Test(arguments: 0..<4)
    func concurrentSessionsGiveIdenticalCurvesAndLedgers(session: Int) throws {
        let folder = FileManager.default.temporaryDirectory
        var first: (curves: [[CellCurve]], ledger: Ledger)?
        for _ in 0..<4 {
            var interpreter = Interpreter.forTesting(in: folder)
            interpreter.session.settings.seed = 11
            interpreter.session.settings.threads = 2
            let ok = interpreter.runScript(
                "load synthetic rows=400\n"
                    + "repeat 3 { train mlp epochs=2; defend dp eps=2; attack mia shadows=2 }"
            ) { _ in }
            try #require(ok)
            let run = (interpreter.session.cells.map(\.curves), interpreter.session.ledger)
            if let first {
                #expect(run.0 == first.curves, "session \(session): the curves differ")
                #expect(
                    run.1.rows.map(\.value) == first.ledger.rows.map(\.value),
                    "session \(session): the ledger differs")
            } else {
                first = run
            }
        }
    }
}
