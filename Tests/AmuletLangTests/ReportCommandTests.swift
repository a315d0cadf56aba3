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

    /// `export inversion` writes images (issue 23: it refused anything but CSV), and the
    /// report shows each class's reconstruction beside its class mean.
    @Test func inversionExportsImagesAndTheReportShowsThem() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        for line in [
            "load digits", "train mlp hidden=[32] epochs=2", "attack inversion steps=30",
            "export inversion inversion.png", "export inversion inversion.svg",
            "export inversion inversion.csv", "report session.html",
        ] {
            let result = interpreter.run(line)
            #expect(result.succeeded, "\(line): \(result.diagnostics)")
        }
        let png = try Data(contentsOf: folder.appendingPathComponent("inversion.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // Ten 8×8 digits, a 1-px gap between them, two rows (reconstruction, class mean), ×4.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == (10 * 9 - 1) * 4 && height == (2 * 9 - 1) * 4)
        let svg = try text("inversion.svg")
        #expect(svg.components(separatedBy: "<image class=\"grid-image\"").count - 1 == 20)
        let csv = try text("inversion.csv")
        #expect(csv.hasPrefix("role,label,image,pixels\n"))
        #expect(csv.split(separator: "\n").count == 1 + 20)
        let page = try text("session.html")
        #expect(page.contains("class=\"chart image-grid-chart\""))
        let refused = interpreter.run("export inversion inversion.gif")
        #expect(!refused.succeeded)
    }

    /// The width and height a PNG's header gives.
    func pngSize(_ name: String) throws -> (width: Int, height: Int) {
        let png = try Data(contentsOf: folder.appendingPathComponent(name))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        return (
            png[16..<20].reduce(0) { $0 << 8 | Int($1) },
            png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        )
    }

    /// Backdoor and evasion on images leave figures (issue 24): the report draws clean above
    /// triggered and original above adversarial above the perturbation, and `export` writes
    /// them as PNG sheets; on a table they export a CSV and draw nothing.
    @Test func backdoorAndEvasionImagesReachTheReportAndExport() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        for line in [
            "load digits", "train mlp hidden=[32] epochs=3", "attack backdoor portion=0.1",
            "attack evasion steps=5", "export backdoor backdoor.png",
            "export evasion evasion.png", "export evasion evasion.csv", "report session.html",
        ] {
            let result = interpreter.run(line)
            #expect(result.succeeded, "\(line): \(result.diagnostics)")
            if line.hasPrefix("attack backdoor") {
                // The terminal cannot draw them; it says what they are and what shows them.
                #expect(
                    result.outputs.contains(
                        .note(
                            "images: clean and triggered of 6 examples: report FILE.html or "
                                + "export backdoor FILE.png shows them")), "\(result.outputs)")
            }
        }
        // Six 8×8 examples, a 1-px gap between them, ×4: two rows, then three.
        let backdoor = try pngSize("backdoor.png")
        #expect(backdoor.width == (6 * 9 - 1) * 4 && backdoor.height == (2 * 9 - 1) * 4)
        let evasion = try pngSize("evasion.png")
        #expect(evasion.width == (6 * 9 - 1) * 4 && evasion.height == (3 * 9 - 1) * 4)
        #expect(try text("evasion.csv").split(separator: "\n").count == 1 + 6 * 3)
        let page = try text("session.html")
        #expect(page.components(separatedBy: "class=\"chart image-grid-chart\"").count - 1 == 2)
        #expect(page.components(separatedBy: "<image class=\"grid-image\"").count - 1 == 12 + 18)
        for title in [
            ">clean</text>", ">triggered</text>", ">adversarial</text>", ">perturbation ×",
        ] {
            #expect(page.contains(title), "\(title)")
        }

        var table = Interpreter.forTesting(in: folder)
        for line in [
            "load synthetic rows=300 features=4", "train mlp hidden=[8] epochs=1",
            "attack evasion steps=3", "export evasion rows.csv",
        ] {
            let result = table.run(line)
            #expect(result.succeeded, "\(line): \(result.diagnostics)")
            #expect(table.session.cells.last?.images.isEmpty == true, "\(line)")
        }
        #expect(
            try text("rows.csv").hasPrefix("index,truth,clean_prediction,adversarial_prediction\n"))
        let refused = table.run("export evasion rows.png")
        #expect(refused.diagnostics.first?.message.contains("has no images") == true)
    }
}
