import AmuletLang
import AmuletNotebook
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
}
