import AmuletData
import AmuletLang
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// `save`, `export` and `report` refuse read-only files and folders, in words, even as root.
@Suite(.serialized) struct FileWriterTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-writer-\(UUID().uuidString)")

    func interpreter() throws -> Interpreter {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        return Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil), currentDirectory: folder.path))
    }

    @Test(arguments: ["save kept.amu", "export kept.csv", "report kept.md"])
    func readOnlyFileIsRefusedAndKept(_ command: String) throws {
        var interpreter = try interpreter()
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = String(command.split(separator: " ")[1])
        let path = folder.appendingPathComponent(name).path
        try Data("original\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let result = interpreter.run(command)
        #expect(result.diagnostics.map(\.kind) == [.io])
        #expect(result.diagnostics.first?.message.hasPrefix("'\(name)' is read-only") == true)
        #expect(result.diagnostics.first?.location?.column == command.count - name.count + 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "original\n")
    }

    @Test func folderIsNamedAsOneWithAFileNameToUse() throws {
        var interpreter = try interpreter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("out.csv"), withIntermediateDirectories: true)
        let result = interpreter.run("export out.csv")
        #expect(
            result.diagnostics.first?.message
                == "'out.csv' is a folder; give a file name such as out.csv/results.csv")
        let trailing = interpreter.run("save \"notes/\"")
        #expect(trailing.diagnostics.first?.message.hasPrefix("'notes/' is a folder") == true)
    }

    @Test func writableFileIsReplaced() throws {
        var interpreter = try interpreter()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s.amu").path
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(interpreter.run("show 1").succeeded)
        #expect(interpreter.run("save s.amu").succeeded)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("show 1"))
    }
}
