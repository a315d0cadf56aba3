import AmuletData
import AmuletLang
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// Scripts are read as UTF-8 text; binaries and huge files are refused before decoding.
@Suite(.serialized) struct SourceFileReaderTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-reader-\(UUID().uuidString)")

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func interpreter() -> Interpreter { .forTesting(in: folder) }

    @Test func emptyFilesAndDevNullReadAsEmptyText() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try SourceFileReader.read(atPath: file("empty.amu", [])) == "")
        #expect(try SourceFileReader.read(atPath: "/dev/null") == "")
        #expect(
            try SourceFileReader.read(atPath: file("ok.amu", Array("show 1\n".utf8))) == "show 1\n")
    }

    @Test func binaryAndInvalidUTF8FilesAreNotText() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: SourceFileReader.Failure.notText) {
            try SourceFileReader.read(atPath: file("nul.bin", [0x73, 0x00, 0x01]))
        }
        #expect(throws: SourceFileReader.Failure.notText) {
            try SourceFileReader.read(atPath: file("latin1.amu", [0x73, 0xE9, 0x0A]))
        }
    }

    @Test func filesOverTheSizeLimitAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = try file(
            "big.amu", [UInt8](repeating: 0x23, count: SourceFileReader.maximumSize + 1))
        #expect(throws: SourceFileReader.Failure.tooLarge) {
            try SourceFileReader.read(atPath: big)
        }
        #expect(throws: SourceFileReader.Failure.missing) {
            try SourceFileReader.read(atPath: folder.appendingPathComponent("none.amu").path)
        }
        #expect(throws: SourceFileReader.Failure.folder) {
            try SourceFileReader.read(atPath: folder.path)
        }
    }

    @Test func importOfABinaryFileFailsAtItsArgument() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
        _ = try file("big.bin", bytes)
        var interpreter = interpreter()
        let result = interpreter.run("show 1\nimport \"big.bin\"")
        #expect(result.diagnostics.map(\.kind) == [.io])
        #expect(result.diagnostics.first?.location == SourceLocation(line: 2, column: 8))
        #expect(result.diagnostics.first?.message.contains("not a text file") == true)
    }
}
