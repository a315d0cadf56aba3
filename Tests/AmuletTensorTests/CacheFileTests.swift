import AmuletTensor
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A cache entry is written whole or not at all, and a failed write leaves no temporary file.
@Suite struct CacheFileTests {
    /// A writer that fails as a full disk does: half the bytes reach the file, then ENOSPC.
    static let fullDisk: CacheFile.Writer = { data, url in
        try data.prefix(data.count / 2).write(to: url)
        throw NSError(
            domain: NSPOSIXErrorDomain, code: Int(ENOSPC),
            userInfo: [NSLocalizedDescriptionKey: "No space left on device"])
    }

    static func files(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func aWriterFailingPartWayLeavesNoTemporaryFileAndRethrows() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-cachefile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("k.entry")
        #expect(throws: NSError.self) {
            try CacheFile.write(Data(repeating: 7, count: 1000), to: url, writer: Self.fullDisk)
        }
        // The folder was created for the entry; nothing is left in it.
        #expect(Self.files(in: folder) == [])
    }

    @Test func aFailedRenameLeavesNoTemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-cachefile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // rename(2) cannot replace a folder that holds something, whoever runs the test.
        let url = folder.appendingPathComponent("k.entry")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: NSError.self) { try CacheFile.write(Data([1, 2, 3]), to: url) }
        #expect(Self.files(in: folder) == ["k.entry"])
    }

    @Test func aFolderBlockedByAFileIsNamedAsNotADirectoryAndLeftAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-cachefile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("file"))
        for url in [
            folder.appendingPathComponent("file/k.entry"),
            folder.appendingPathComponent("file/deeper/k.entry"),
        ] {
            do {
                try CacheFile.write(Data([1]), to: url)
                Issue.record("wrote under a plain file: \(url.path)")
            } catch {
                // glibc's words for ENOTDIR.
                #expect((error as NSError).localizedDescription == "Not a directory")
            }
        }
        #expect(Self.files(in: folder) == ["file"])
    }

    @Test func aSuccessfulWriteReplacesTheEntryAndLeavesOnlyIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-cachefile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("k.entry")
        try CacheFile.write(Data([1, 2, 3]), to: url)
        try CacheFile.write(Data([4, 5]), to: url)
        #expect(try Data(contentsOf: url) == Data([4, 5]))
        #expect(Self.files(in: folder) == ["k.entry"])
    }
}
