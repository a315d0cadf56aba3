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
        let binary = TestSupport.packageRoot().appendingPathComponent(".build/release/amulet")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the release binary first: swift build -c release --product amulet")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--no-prelude", "--no-cache"] + arguments
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
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
