import AmuletTestSupport
import Foundation
import FoundationXML
import Testing

/// Runs the release `amulet` binary on scripts and reads its stdout: JUnit XML for
/// `--format junit`, one long-form CSV for `--format csv`, and tables that a saved session
/// reproduces when replayed.
///
/// Needs the release binary (`swift build -c release --product amulet`). Every file it reads
/// or writes is inside a temporary folder.
@Suite(.serialized) struct ScriptOutputTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-out-\(UUID().uuidString)")

    /// Runs the binary with `arguments` in `folder`; returns its status and stdout.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outcome = try AmuletProcess.run(
            ["--no-prelude", "--no-cache", "--data", TestSupport.dataFolderURL().path]
                + arguments, in: folder)
        return (outcome.status, outcome.output)
    }

    func write(_ text: String, to name: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    static let pipeline = """
        load synthetic rows=400 features=4 separation=3
        train logreg epochs=3 batch=32 lr=0.05
        measure accuracy

        """

    @Test func junitHasOneCasePerAssertionAndFailedCellAndExitsOne() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(
            "set seed=1\n" + ScriptOutputTests.pipeline + """
                assert accuracy > 0.6
                assert accuracy < 0.1
                assert current accuracy within 0.6..1
                train cnn epochs=1
                assert accuracy > 0.6

                """, to: "audit.amu")
        let result = try run(["--format", "junit", "audit.amu"])
        #expect(result.status == 1)
        let document = try XMLDocument(xmlString: result.output)
        let suites = try document.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.count == 1)
        let cases = try document.nodes(forXPath: "/testsuites/testsuite/testcase")
        // Three assertions ran (a failed assert does not stop the script), then the cnn on a
        // table failed its cell (an error) and stopped the script: the last assertion is
        // still listed, as skipped.
        #expect(cases.count == 5, "\(result.output)")
        let failures = try document.nodes(forXPath: "//testcase/failure")
        let errors = try document.nodes(forXPath: "//testcase/error")
        let skipped = try document.nodes(forXPath: "//testcase/skipped")
        #expect(failures.count == 1 && errors.count == 1 && skipped.count == 1)
        let suite = try #require(suites.first as? XMLElement)
        #expect(suite.attribute(forName: "tests")?.stringValue == "5")
        #expect(suite.attribute(forName: "failures")?.stringValue == "1")
        #expect(suite.attribute(forName: "errors")?.stringValue == "1")
        #expect(suite.attribute(forName: "skipped")?.stringValue == "1")
        // Real times: the suite took what the training took, not 0.
        let time = Double(suite.attribute(forName: "time")?.stringValue ?? "") ?? 0
        #expect(time > 0, "\(result.output)")
        let message = (failures.first as? XMLElement)?.attribute(forName: "message")?.stringValue
        #expect(message?.contains("accuracy of") == true && message?.contains("not < 0.1") == true)
        let names = cases.compactMap {
            ($0 as? XMLElement)?.attribute(forName: "name")?.stringValue
        }
        // Names are the assertions' text and the failed cell's line: no file:line:column.
        #expect(
            names == [
                "assert accuracy > 0.6", "assert accuracy < 0.1",
                "assert current accuracy within 0.6..1", "train cnn epochs=1",
                "assert accuracy > 0.6 #2",
            ], "\(names)")
    }

    @Test func junitOfPassingAssertionsExitsZero() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(ScriptOutputTests.pipeline + "assert accuracy > 0.6\n", to: "ok.amu")
        let result = try run(["--format", "junit", "ok.amu"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("<?xml"))
        #expect(result.output.contains("failures=\"0\""))
    }

    @Test func csvIsOneLongFormTable() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(
            ScriptOutputTests.pipeline + "measure accuracy\ncompare\nshow ledger\n", to: "a.amu")
        let result = try run(["--format", "csv", "a.amu"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "cell,scenario,metric,value,seed,repetition")
        // Two values (accuracy, train_accuracy) from each of the two measure cells (3 and 4);
        // compare and show ledger add no records.
        #expect(lines.count == 5, "\(result.output)")
        #expect(lines.dropFirst().map { $0.prefix(2) } == ["3,", "3,", "4,", "4,"])
    }

    @Test func savedSessionReplaysToTheSameTables() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(
            ScriptOutputTests.pipeline + """
                set seed=5
                reset
                load synthetic rows=400 features=4 separation=2
                train mlp hidden=[8] epochs=2 batch=32
                measure accuracy
                compare
                save session.amu

                """, to: "original.amu")
        // The original starts from --seed 11; the replay is not told: the file must say it.
        let original = try run(["--seed", "11", "original.amu"])
        #expect(original.status == 0)
        let replay = try run(["session.amu"])
        #expect(replay.status == 0)
        let first = ScriptOutputTests.tables(original.output)
        #expect(first.count > 8, "\(original.output)")
        #expect(first == ScriptOutputTests.tables(replay.output))
    }

    /// The printed lines without notes, with timings and cell numbers masked.
    static func tables(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("·") }.map {
            $0.replacing(/\(\d+\.\d+ s\)/, with: "(T s)").replacing(/cell \d+/, with: "cell N")
        }
    }
}
