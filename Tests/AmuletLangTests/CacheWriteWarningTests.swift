import AmuletData
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

@testable import AmuletLang

#if canImport(Glibc)
    import Glibc
#endif

/// A cache that cannot be written (a full disk, a read-only or impossible folder) leaves no
/// temporary files behind and says so once in the cell, which still succeeds.
@Suite struct CacheWriteWarningTests {
    /// A writer that fails as a full disk does: half the bytes reach the file, then ENOSPC.
    static let fullDisk: CacheFile.Writer = { data, url in
        try data.prefix(data.count / 2).write(to: url)
        throw NSError(
            domain: NSPOSIXErrorDomain, code: Int(ENOSPC),
            userInfo: [NSLocalizedDescriptionKey: "No space left on device"])
    }

    /// One baseline and four shadow models: five stores, all of which fail.
    static let lira =
        "load synthetic rows=200; train mlp epochs=2; attack mia method=lira shadows=4"

    /// An interpreter whose model and dataset caches write to `cache` with `writer`.
    static func interpreter(
        in folder: URL, cache: URL, writer: @escaping CacheFile.Writer = CacheFile.plainWriter
    ) -> Interpreter {
        var interpreter = Interpreter.forTesting(in: folder)
        interpreter.environment.workbench = Workbench(
            cache: ModelCache(directory: cache, writer: writer))
        interpreter.session.settings.dataFolder.cache = DatasetCache(
            directory: cache, writer: writer)
        return interpreter
    }

    /// The cell's warnings about the cache (a one-epoch model may add one about itself).
    static func warnings(_ result: CellResult) -> [String] {
        result.outputs.compactMap { output in
            if case .warning(let text) = output, text.hasPrefix("the cache") { text } else { nil }
        }
    }

    /// Every file under `folder`, as paths relative to it.
    static func files(under folder: URL) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)
        return (walker?.allObjects as? [String] ?? []).sorted()
    }

    @Test func aFullDiskLeavesNoTemporaryFilesAndWarnsOncePerCell() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache")
        var interpreter = Self.interpreter(in: folder, cache: cache, writer: Self.fullDisk)
        let result = interpreter.run(Self.lira)
        #expect(result.succeeded, "\(result.diagnostics)")
        let warnings = Self.warnings(result)
        #expect(warnings.count == 1, "\(warnings)")
        let warning = try #require(warnings.first)
        #expect(warning.contains("5 trained models"), "\(warning)")
        #expect(warning.contains("No space left on device"), "\(warning)")
        #expect(Self.files(under: cache).filter { $0.hasSuffix(".tmp") } == [])
        #expect(Self.files(under: cache) == [])
        // The results stand: a second cell that trains nothing says nothing about the cache.
        #expect(Self.warnings(interpreter.run("compare")).isEmpty)
    }

    @Test func aBuiltInDatasetsEncodingThatCannotBeSavedIsCountedInTheSameWarning() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache")
        var interpreter = Self.interpreter(in: folder, cache: cache, writer: Self.fullDisk)
        let result = interpreter.run("load german; train logreg epochs=1")
        #expect(result.succeeded, "\(result.diagnostics)")
        let warnings = Self.warnings(result)
        #expect(warnings.count == 1, "\(warnings)")
        // The plan's walk loads the dataset too: its failed store is the same entry.
        #expect(
            warnings.first?.contains("1 trained model and 1 encoded dataset") == true,
            "\(warnings)")
        #expect(Self.files(under: cache) == [])
    }

    @Test func aCacheFolderThatCannotBeCreatedWarnsOnceAndWritesNothing() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder inside a plain file cannot exist, for root too.
        let blocker = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        var interpreter = Self.interpreter(
            in: folder, cache: blocker.appendingPathComponent("cache"))
        let result = interpreter.run(Self.lira)
        #expect(result.succeeded, "\(result.diagnostics)")
        let warnings = Self.warnings(result)
        #expect(warnings.count == 1, "\(warnings)")
        // The system's words for ENOTDIR, not Foundation's "NSCocoaErrorDomain error 512".
        #expect(
            warnings.first?.contains("could not be written (Not a directory)") == true,
            "\(warnings)")
        #expect(Self.files(under: folder) == ["not-a-folder"])
    }

    /// chmod cannot stop root from writing, so this case runs for other users only.
    @Test(.enabled(if: geteuid() != 0)) func aReadOnlyCacheFolderWarnsOnceAndLeavesItEmpty()
        throws
    {
        let folder = try TestSupport.temporaryFolder()
        defer {
            chmod(folder.appendingPathComponent("cache").path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let cache = folder.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        chmod(cache.path, 0o555)
        var interpreter = Self.interpreter(in: folder, cache: cache)
        let result = interpreter.run(Self.lira)
        #expect(result.succeeded, "\(result.diagnostics)")
        let warnings = Self.warnings(result)
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.contains("5 trained models") == true, "\(warnings)")
        #expect(Self.files(under: cache) == [])
    }

    @Test func aShardFragmentThatCannotBeWrittenLeavesNoTemporaryFile() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let share = try #require(ShardAssignment(index: 0, count: 2))
        let fragment = ShardFragment(
            source: "load synthetic rows=200", file: nil, workingDirectory: folder.path,
            dataFolder: folder.path, seed: 1, prelude: false, shard: share, unitCount: 0,
            records: [])
        #expect(throws: NSError.self) { try fragment.write(into: folder, writer: Self.fullDisk) }
        #expect(Self.files(under: folder) == ["shards"])
        try fragment.write(into: folder)
        #expect(Self.files(under: folder) == ["shards", "shards/0-of-2.json"])
    }
}
