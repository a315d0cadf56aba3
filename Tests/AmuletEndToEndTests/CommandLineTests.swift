import AmuletTestSupport
import Foundation
import Testing

/// Runs the release `amulet` binary on files and options, checking its exit status and messages.
///
/// Needs the release binary (`swift build -c release --product amulet`). Every file it reads
/// or writes is inside a temporary folder.
@Suite(.serialized) struct CommandLineTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-cli-\(UUID().uuidString)")

    /// Runs the binary with `arguments` in `folder`; returns its status and standard error.
    func run(_ arguments: [String]) throws -> (status: Int32, error: String) {
        let outcome = try AmuletProcess.run(["--no-prelude", "--no-cache"] + arguments, in: folder)
        return (outcome.status, outcome.error)
    }

    @Test func emptyScriptsAndDevNullRunAndExitZero() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(["/dev/null"]).status == 0)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("empty.amu"))
        #expect(try run(["empty.amu"]).status == 0)
    }

    @Test func binaryScriptIsRefusedAsNotText() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x00]).write(
            to: folder.appendingPathComponent("a.out"))
        let result = try run(["a.out"])
        #expect(result.status == 2)
        #expect(result.error.contains("'a.out'") && result.error.contains("not a text file"))
    }

    @Test(arguments: [["--seed", "-1"], ["--seed=-1"], ["--seed", "1.5"]])
    func negativeOrFractionalSeedSaysWhatASeedIs(_ arguments: [String]) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try run(arguments + ["/dev/null"])
        #expect(result.status == 2)
        #expect(result.error.contains("the seed must be a whole number ≥ 0"), "\(result.error)")
        #expect(try run(["--seed", "7", "/dev/null"]).status == 0)
    }
}
