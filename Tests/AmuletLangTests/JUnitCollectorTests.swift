import AmuletLang
import AmuletNotebook
import AmuletTestSupport
import Foundation
import Testing

/// JUnit a CI server reads: real times, errors counted, names without positions, every
/// assertion present (skipped when it never ran), and a document valid against the JUnit
/// schema of `Tests/Fixtures/junit/junit.xsd` (checked with xmllint).
@Suite struct JUnitCollectorTests {
    static let schema = TestSupport.packageRoot().appendingPathComponent(
        "Tests/Fixtures/junit/junit.xsd")

    /// Runs `source` as `amulet --format junit` does, with each cell taking `secondsPerCell`.
    func junit(_ source: String, secondsPerCell: Double = 0.25) -> (xml: String, ok: Bool) {
        var interpreter = Interpreter.forTesting(in: FileManager.default.temporaryDirectory)
        var collector = JUnitCollector()
        let ok = interpreter.runScript(source, file: "audit.amu") {
            collector.add($0, seconds: secondsPerCell)
        }
        let program = Parser.parse(source: source, file: "audit.amu").program
        let xml = JUnitRenderer().render(
            suite: "audit.amu", cases: collector.finished(program: program),
            seconds: collector.totalSeconds)
        return (xml, ok)
    }

    /// xmllint's verdict on `xml` against the schema: nil when valid, else its complaint.
    func schemaProblem(_ xml: String) throws -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-junit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("report.xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xmllint", "--noout", "--schema", Self.schema.path, file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : text
    }

    static let script = """
        load synthetic rows=300
        train logreg epochs=1
        measure accuracy
        assert accuracy > 1
        assert accuracy > 0.1
        train cnn epochs=1
        assert accuracy > 0.2
        for s in [1, 2] { assert accuracy > 0.3 }
        """

    @Test func failedCellIsAnErrorAndLaterAssertsAreSkippedInAValidDocument() throws {
        let (xml, ok) = junit(Self.script)
        #expect(!ok)
        #expect(try schemaProblem(xml) == nil, "\(xml)")
        // Two asserts ran (one failed), the cnn on a table is an error, and two asserts (one
        // inside a loop) never ran; six cells of 0.25 s each.
        #expect(
            xml.contains(
                "<testsuites tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"2\" time=\"1.500\">"),
            "\(xml)")
        // The first assert carries the time of the cells before it (the training it checks).
        #expect(xml.contains("name=\"assert accuracy &gt; 1\" time=\"1.000\">"))
        #expect(xml.contains("name=\"assert accuracy &gt; 0.1\" time=\"0.250\"/>"))
        #expect(xml.contains("<error message="))
        #expect(xml.contains("name=\"train cnn epochs=1\" time=\"0.250\">\n      <error"))
        #expect(xml.contains("name=\"assert accuracy &gt; 0.2\" time=\"0.000\">\n      <skipped"))
        #expect(xml.contains("not run: the script stopped at cell 6"))
        // No case name holds a file:line:column position.
        #expect(!xml.contains("name=\"audit.amu:"))
    }

    @Test func namesStayTheSameWhenLinesMove() throws {
        let before = junit(Self.script).xml
        let after = junit("# a comment that moves every line\n\n" + Self.script).xml
        let names = { (xml: String) in
            xml.components(separatedBy: "\n").filter { $0.contains("<testcase") }.map {
                $0.components(separatedBy: "time=").first ?? ""
            }
        }
        #expect(names(before) == names(after))
        #expect(names(before).count == 5)
    }

    @Test func aScriptStoppedByTheCheckSkipsEveryAssert() throws {
        let (xml, _) = junit(
            "load synthetic rows=300\nassert acuracy > 0.5\nassert accuracy > 0.5\n")
        #expect(try schemaProblem(xml) == nil, "\(xml)")
        #expect(xml.contains("errors=\"1\" skipped=\"2\""), "\(xml)")
    }

    @Test func schemaRejectsWhatCIServersCannotRead() throws {
        // The validator works: a document with a negative time and no suite name fails.
        let bad =
            "<?xml version=\"1.0\"?>\n<testsuites><testsuite tests=\"1\">"
            + "<testcase name=\"x\" time=\"-1\"/></testsuite></testsuites>\n"
        #expect(try schemaProblem(bad)?.contains("fails to validate") == true)
        #expect(try schemaProblem(bad)?.contains("'time'") == true)
    }
}
