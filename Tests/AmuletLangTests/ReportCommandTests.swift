import AmuletLang
import AmuletNotebook
import Foundation
import Testing

/// `report FILE.html|FILE.md` and `report all FILE` through the language on generated data.
@Suite(.serialized) struct ReportCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-report-\(UUID().uuidString)")

    static let session = [
        "load synthetic rows=1200 features=6 separation=2 correlation=0.8",
        "train mlp hidden=[16] epochs=5 batch=32 lr=0.01",
        "defend dp eps=2",
        "attack mia method=loss",
        "measure fairness",
        "help",
    ]

    func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func reportsCarryTheSummaryChartsAndOnlyCellsThatComputed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        for line in Self.session {
            let result = interpreter.run(line)
            #expect(result.succeeded, "\(line): \(result.diagnostics)")
            if line.hasPrefix("attack") {
                let shown = result.outputs.compactMap { output -> String? in
                    if case .text(let text) = output { text } else { nil }
                }
                #expect(shown.contains { $0.hasPrefix("ROC baseline: ") })
                #expect(shown.contains { $0.hasPrefix("ROC defended: ") })
            }
        }
        #expect(interpreter.session.cells.last?.isBookkeeping == true)
        #expect(interpreter.session.cells[3].curves.count == 2)

        let html = interpreter.run("report session.html")
        #expect(html.succeeded, "\(html.diagnostics)")
        #expect(html.outputs.contains(.note("wrote a report of 5 cells to session.html")))
        let page = try text("session.html")
        #expect(page.contains("<section id=\"summary\""))
        #expect(page.contains("class=\"chart roc-chart\""))
        #expect(page.contains("class=\"chart group-bar-chart\""))
        #expect(page.contains("mia.loss.auc"))
        #expect(!page.contains("id=\"cell-6\""), "the help cell is left out")

        let every = interpreter.run("report all every.html")
        #expect(every.succeeded, "\(every.diagnostics)")
        #expect(try text("every.html").contains("id=\"cell-6\""))

        let markdown = interpreter.run("report notes/session.md")
        #expect(markdown.succeeded, "\(markdown.diagnostics)")
        let note =
            markdown.outputs.compactMap { output -> String? in
                if case .note(let text) = output { text } else { nil }
            }.first ?? ""
        #expect(note.contains("chart(s) beside it"), "\(note)")
        let files = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("notes").path)
        let charts = files.filter { $0.hasPrefix("session-chart-") && $0.hasSuffix(".svg") }
        #expect(charts.contains { $0.hasSuffix("-roc.svg") })
        let document = try text("notes/session.md")
        for chart in charts { #expect(document.contains("](\(chart))")) }
    }

    @Test func reportAllWithoutAFileAsksForOne() {
        var interpreter = Interpreter.forTesting(in: folder)
        let result = interpreter.run("report all")
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.message == "report needs a file name")
        let wrong = interpreter.run("report all session.txt")
        #expect(
            wrong.diagnostics.first?.message.contains("report writes .html or .md files") == true)
    }
}
