import AmuletData
import AmuletLang
import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// The lessons as a teacher uses them: their headers, and a lesson imported into a session
/// that already trained models.
@Suite struct LessonTests {
    static let lessons = TestSupport.packageRoot().appendingPathComponent("stdlib/lessons")

    @Test func eachLessonsHeaderNamesItsOwnNumber() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.lessons.path)
            .filter { $0.hasSuffix(".amu") }.sorted()
        #expect(files.count >= 6)
        for file in files {
            let number = try #require(Int(file.prefix { $0.isNumber }), "\(file)")
            let text = try String(
                contentsOf: Self.lessons.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasPrefix("# Lesson \(number): "), "\(file): \(text.prefix(40))")
        }
    }

    /// The text of the tables in `outputs`.
    func tables(_ outputs: [Output]) -> [String] {
        outputs.compactMap { output -> String? in
            if case .table(let table) = output {
                return TerminalRenderer(useColor: false).render(table)
            }
            return nil
        }
    }

    @Test func aLessonImportedIntoAUsedSessionComparesOnlyItsOwnModels() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-lesson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        load synthetic rows=300 features=4
        train mlp hidden=[8] epochs=1
        measure accuracy
        compare
        """.write(
            to: folder.appendingPathComponent("lesson.amu"), atomically: true, encoding: .utf8)
        var interpreter = Interpreter.forTesting(in: folder)
        let earlier = interpreter.run(
            "load synthetic rows=300 features=4; train logreg epochs=1; measure accuracy")
        #expect(earlier.succeeded)
        let imported = interpreter.run("import \"lesson.amu\"")
        #expect(imported.succeeded, "\(imported.diagnostics.map(\.description))")
        let lessonCompare = try #require(tables(imported.outputs).last)
        #expect(lessonCompare.contains("mlp-8"), "\(lessonCompare)")
        #expect(!lessonCompare.contains("logreg"), "\(lessonCompare)")
        // Typed after the import, compare shows the whole session again.
        let after = interpreter.run("compare")
        let whole = try #require(tables(after.outputs).last)
        #expect(whole.contains("logreg") && whole.contains("mlp-8"), "\(whole)")
    }

    static let cifarLesson = "stdlib/lessons/08-cifar10.amu"

    /// An interpreter reading data from `data` and writing into `folder`.
    static func interpreter(data: URL, folder: URL) -> Interpreter {
        Interpreter(
            session: Session(settings: Settings(dataFolder: DataFolder(url: data))),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil), currentDirectory: folder.path))
    }

    /// Without CIFAR-10 the lesson stops at its first line and says what to run and how much
    /// it downloads (the fetch script's own documentation: `scripts/fetch-data cifar10`, 163 MB).
    @Test func theCIFARLessonSaysHowToFetchItsData() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-lesson8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try String(
            contentsOf: TestSupport.packageRoot().appendingPathComponent(Self.cifarLesson),
            encoding: .utf8)
        var interpreter = Self.interpreter(data: folder, folder: folder)
        var results: [CellResult] = []
        let ok = interpreter.runScript(source, file: Self.cifarLesson) { results.append($0) }
        #expect(!ok)
        let diagnostic = try #require(results.flatMap(\.diagnostics).first)
        #expect(
            diagnostic.message
                == "data file '\(folder.path)/cifar10-binary.tar.gz' is missing; run "
                + "'scripts/fetch-data cifar10' to fetch it (a 163 MB download)")
        #expect(diagnostic.suggestion == "run scripts/fetch-data cifar10")
        let load = try #require(
            source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("load ") })
        #expect(diagnostic.location?.line == load + 1)
    }

    /// Writes `perClass` side×side RGB PNGs per class into `folder`/NAME/: each class a colour
    /// and a bright band at its own height, with a fixed scatter of noise (a multiplicative
    /// hash of the position), so a network can tell them apart.
    static func writePhotographs(to folder: URL, classes: Int, perClass: Int, side: Int) throws {
        for k in 0..<classes {
            let classFolder = folder.appendingPathComponent("class\(k)")
            try FileManager.default.createDirectory(
                at: classFolder, withIntermediateDirectories: true)
            for i in 0..<perClass {
                var pixels = [UInt8](repeating: 0, count: side * side * 3)
                for y in 0..<side {
                    for x in 0..<side {
                        for c in 0..<3 {
                            var value = c == k % 3 ? 120.0 : 40.0
                            if y * classes / side == k { value += 100 }
                            let hash = (k * 7919 + i * 104_729 + y * 331 + x * 17 + c * 13) % 61
                            value += Double(hash)
                            pixels[(y * side + x) * 3 + c] = UInt8(min(255, value))
                        }
                    }
                }
                let png = try #require(
                    PNGEncoder.encode(width: side, height: side, channels: 3, pixels: pixels))
                try Data(png).write(to: classFolder.appendingPathComponent("\(i).png"))
            }
        }
    }

    /// The lesson's every statement after its `load`, on a generated folder of 16×16 colour
    /// pictures in ten classes instead of CIFAR-10 (small, so the test takes seconds) (its one `load` line and its report's
    /// path changed, nothing else): each statement meets its `# expect:` text, and the report
    /// holds the backdoor's and the evasion's pictures for every model.
    @Test func theCIFARLessonRunsOnGeneratedPhotographs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-lesson8-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writePhotographs(
            to: folder.appendingPathComponent("photos"), classes: 10, perClass: 10, side: 16)
        let original = try String(
            contentsOf: TestSupport.packageRoot().appendingPathComponent(Self.cifarLesson),
            encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        let load = try #require(lines.firstIndex { $0.hasPrefix("load cifar10 ") })
        lines[load] = "load images dir=photos test=0.1 members=0.25"
        let report = try #require(lines.firstIndex { $0.hasPrefix("report ") })
        lines[report] = "report \"lesson8.html\"   # expect: lesson8.html"
        let source = lines.joined(separator: "\n")
        var interpreter = Self.interpreter(data: folder, folder: folder)
        var results: [CellResult] = []
        let ok = interpreter.runScript(source, file: "lesson8.amu") { results.append($0) }
        #expect(ok, "\(results.flatMap(\.diagnostics).map(\.description))")
        let (program, _) = Parser.parse(source: source, file: "lesson8.amu")
        var checked = 0
        for (index, line) in lines.enumerated() where index != load {
            guard let range = line.range(of: "# expect: ") else { continue }
            let expected = String(line[range.upperBound...])
            let statement = try #require(
                program.statements.firstIndex { $0.range.start.line == index + 1 })
            let output = GoldenScriptTests.text(of: results[statement].outputs)
            #expect(output.contains(expected), "line \(index + 1): '\(expected)' in '\(output)'")
            checked += 1
        }
        #expect(checked >= 10)
        let page = try String(
            contentsOf: folder.appendingPathComponent("lesson8.html"), encoding: .utf8)
        // Backdoor and evasion, once for the undefended model and then for baseline and DP.
        #expect(page.components(separatedBy: "class=\"chart image-grid-chart\"").count - 1 == 6)
        #expect(page.contains(">triggered</text>") && page.contains(">adversarial</text>"))
    }
}
