import AmuletLang
import AmuletTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `--ledger` and `--report` of `run` and `merge`: a read-only file stays as it was, paths are
/// relative to the folder the command runs in, odd names are escaped in messages, and a merge
/// refuses shares another program ran.
///
/// Needs the release binary. Every file is inside a temporary folder.
@Suite(.serialized) struct OutputFileTests {
    static let script = "load synthetic rows=200\ntrain mlp epochs=2\nmeasure accuracy\n"

    /// A temporary folder holding `s.amu`.
    static func folderWithScript() throws -> URL {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-outputs")
        try Data(script.utf8).write(to: folder.appendingPathComponent("s.amu"))
        return folder
    }

    /// Runs share 0 of 1 of `s.amu` in `folder` with its cache in `folder/c`.
    static func runOneShare(in folder: URL) throws {
        let share = try AmuletProcess.run(
            ["run", "--no-prelude", "s.amu", "--shard", "0/1", "--cache", "c"], in: folder)
        try #require(share.status == 0, "\(share.error)")
    }

    /// The permission bits of `url`.
    static func mode(_ url: URL) -> Int {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return -1 }
        return Int(status.st_mode & 0o777)
    }

    /// A read-only `ro.json` holding "keep".
    static func readOnlyLedger(in folder: URL) throws -> URL {
        let ledger = folder.appendingPathComponent("ro.json")
        try Data("keep".utf8).write(to: ledger)
        chmod(ledger.path, 0o444)
        return ledger
    }

    @Test func runAndMergeLeaveAReadOnlyLedgerAsItWas() throws {
        let folder = try Self.folderWithScript()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try Self.readOnlyLedger(in: folder)
        let run = try AmuletProcess.run(
            ["run", "--no-prelude", "--no-cache", "s.amu", "--ledger", "ro.json"], in: folder)
        #expect(run.status != 0)
        #expect(run.error.contains("'ro.json' is read-only"), "\(run.error)")
        try Self.runOneShare(in: folder)
        let merge = try AmuletProcess.run(["merge", "c", "--ledger", "ro.json"], in: folder)
        #expect(merge.status != 0)
        #expect(merge.error.contains("'ro.json' is read-only"), "\(merge.error)")
        #expect(try String(contentsOf: ledger, encoding: .utf8) == "keep")
        #expect(Self.mode(ledger) == 0o444)
    }

    @Test func mergeWritesItsReportAndLedgerInTheFolderItRunsIn() throws {
        let shares = try Self.folderWithScript()
        defer { try? FileManager.default.removeItem(at: shares) }
        try Self.runOneShare(in: shares)
        let elsewhere = try TestSupport.temporaryFolder(prefix: "amulet-outputs-b")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let merge = try AmuletProcess.run(
            [
                "merge", shares.appendingPathComponent("c").path, "--report", "r.html", "--ledger",
                "l.json",
            ], in: elsewhere)
        #expect(merge.status == 0, "\(merge.error)")
        let fileManager = FileManager.default
        #expect(fileManager.fileExists(atPath: elsewhere.appendingPathComponent("r.html").path))
        #expect(fileManager.fileExists(atPath: elsewhere.appendingPathComponent("l.json").path))
        #expect(!fileManager.fileExists(atPath: shares.appendingPathComponent("r.html").path))
        #expect(!fileManager.fileExists(atPath: shares.appendingPathComponent("l.json").path))
    }

    @Test func namesWithATabOrAnEscapeAreEscapedInMessagesAndNotWritten() throws {
        let folder = try Self.folderWithScript()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.runOneShare(in: folder)
        let cases: [[String]] = [
            ["merge", "c", "--report", "q\te.html"],
            ["merge", "c", "--ledger", "l\u{1B}[31m.json"],
            ["merge", "no\u{1B}]0;title\u{07}where"],
            ["merge", "c", "--format", "ta\u{1B}[2Jble"],
            ["run", "--no-prelude", "mis\u{1B}[31msing.amu"],
            ["run", "--no-prelude", "--no-cache", "s.amu", "--ledger", "t\tab.json"],
        ]
        for arguments in cases {
            let outcome = try AmuletProcess.run(arguments, in: folder)
            #expect(outcome.status != 0, "\(arguments)")
            let raw = outcome.error.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" }
            #expect(
                raw.isEmpty,
                "\(arguments): raw control characters in \(outcome.error.debugDescription)")
            #expect(
                outcome.error.contains("\\u{1B}") || outcome.error.contains("\\u{9}"),
                "\(arguments): \(outcome.error.debugDescription)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.allSatisfy { name in !name.unicodeScalars.contains { $0.value < 0x20 } })
    }

    @Test func mergeRefusesSharesAnotherProgramRan() throws {
        let folder = try Self.folderWithScript()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.runOneShare(in: folder)
        let cache = folder.appendingPathComponent("c")
        let file = ShardFragment.folder(in: cache).appendingPathComponent("0-of-1.json")
        var fragment = try ShardFragment.read(file)
        #expect(fragment.programVersion.count == 64)
        // Another build of amulet: written with its own checksum, as that program would.
        fragment.programVersion = String(repeating: "0", count: 64)
        try fragment.write(into: cache)
        let merge = try AmuletProcess.run(["merge", "c"], in: folder)
        #expect(merge.status == 1, "\(merge.error)")
        #expect(merge.error.contains("different amulet program"), "\(merge.error)")
        #expect(!merge.output.contains("accuracy"), "\(merge.output)")
    }
}
