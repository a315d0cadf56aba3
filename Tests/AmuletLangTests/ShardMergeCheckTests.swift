import AmuletLang
import AmuletNotebook
import AmuletTestSupport
import Foundation
import Testing

/// A merge refuses anything that would give a table no single run gives: an edited fragment,
/// shares that read different data or imports, a share present twice, an absurd share count.
@Suite struct ShardMergeCheckTests {
    /// A script that imports a file and loads a CSV, both in `folder`.
    static let script = """
        import "lib.amu"
        load csv path="data.csv" target=y
        train logreg epochs=1
        measure accuracy
        """

    /// Writes the imported file and the CSV (whose first label is `label`) into `folder`.
    func writeInputs(in folder: URL, label: String = "a", imported: String = "let k = 1\n")
        throws
    {
        try imported.write(
            to: folder.appendingPathComponent("lib.amu"), atomically: false, encoding: .utf8)
        var csv = "x,z,y\n"
        for i in 0..<40 {
            let y = i == 0 ? label : (i % 2 == 0 ? "a" : "b")
            csv += "\(i % 7),\(i % 3),\(y)\n"
        }
        try csv.write(
            to: folder.appendingPathComponent("data.csv"), atomically: false, encoding: .utf8)
    }

    /// The fragment share `index` of 2 writes after running the script in `folder`.
    func fragment(_ index: Int, in folder: URL) throws -> ShardFragment {
        let share = try #require(ShardAssignment(index: index, count: 2))
        var worker = Interpreter.forTesting(in: folder)
        worker.environment.sharding = .worker(share)
        var ok = true
        _ = worker.runScript(Self.script, file: nil) { ok = ok && $0.succeeded }
        #expect(ok)
        return ShardFragment(
            source: Self.script, file: nil, workingDirectory: folder.path, seed: 0,
            prelude: false, shard: share, unitCount: worker.session.units.nextUnit,
            records: worker.session.workRecords, dependencies: worker.session.dependencies)
    }

    @Test func sharesThatReadDifferentDataOrImportsAreRefused() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-merge-check")
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeInputs(in: folder)
        let first = try fragment(0, in: folder)
        #expect(first.dependencies.count == 2, "\(first.dependencies)")
        #expect(first.dependencies[0].hasPrefix("import lib.amu sha256="))
        #expect(first.dependencies[1].hasPrefix("data csv|"))
        // Same inputs: the shares merge.
        let second = try fragment(1, in: folder)
        #expect((try? ShardMerge(fragments: [first, second], names: ["a", "b"])) != nil)
        // The CSV changed between the shares (same path, one label different).
        try writeInputs(in: folder, label: "b")
        let otherData = try fragment(1, in: folder)
        #expect(throws: ShardError.self) {
            try ShardMerge(fragments: [first, otherData], names: ["a", "b"])
        }
        do {
            _ = try ShardMerge(fragments: [first, otherData], names: ["0-of-2", "1-of-2"])
        } catch {
            let message = error.description
            #expect(message.contains("0-of-2 and 1-of-2"), "\(message)")
            #expect(message.contains("different content"), "\(message)")
        }
        // The imported file changed.
        try writeInputs(in: folder, imported: "let k = 2\n")
        let otherImport = try fragment(1, in: folder)
        #expect(throws: ShardError.self) {
            try ShardMerge(fragments: [first, otherImport], names: ["a", "b"])
        }
    }

    @Test func anEditedFragmentAndADuplicateShareAreRefused() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "amulet-merge-edit")
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeInputs(in: folder)
        let fragments = try [fragment(0, in: folder), fragment(1, in: folder)]
        for fragment in fragments { try fragment.write(into: folder) }
        #expect((try? ShardMerge(directory: folder)) != nil)
        // A number edited by hand in share 1's file.
        let url = ShardFragment.folder(in: folder).appendingPathComponent("1-of-2.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = try #require(Self.editFirstNumber(in: text, key: "\"value\":"))
        try edited.write(to: url, atomically: false, encoding: .utf8)
        #expect(throws: ShardError.edited(url.path)) { try ShardMerge(directory: folder) }
        // Restored, plus a copy of share 0 under another name.
        try fragments[1].write(into: folder)
        let copy = ShardFragment.folder(in: folder).appendingPathComponent("0-of-2 copy.json")
        try FileManager.default.copyItem(
            at: ShardFragment.folder(in: folder).appendingPathComponent("0-of-2.json"), to: copy)
        #expect(
            throws: ShardError.duplicateShare("0-of-2 copy.json", "0-of-2.json", share: "0/2")
        ) { try ShardMerge(directory: folder) }
    }

    /// The first number after `key` in `text`, changed by adding 0.125.
    static func editFirstNumber(in text: String, key: String) -> String? {
        guard let keyRange = text.range(of: key) else { return nil }
        let rest = text[keyRange.upperBound...]
        guard let start = rest.firstIndex(where: { $0.isNumber || $0 == "-" }) else { return nil }
        let end =
            rest[start...].firstIndex(where: { !($0.isNumber || "-+.eE".contains($0)) })
            ?? rest.endIndex
        guard let value = Double(rest[start..<end]) else { return nil }
        return text.replacingCharacters(in: start..<end, with: "\(value + 0.125)")
    }

    @Test func shareCountsAreBoundedAndMissingSharesReadAsRanges() throws {
        #expect(ShardAssignment(parsing: "0/100000000") == nil)
        #expect(ShardAssignment(parsing: "0/\(ShardAssignment.maximumCount)") != nil)
        #expect(ShardAssignment(parsing: "0/\(ShardAssignment.maximumCount + 1)") == nil)
        let shares = try [0, 4, 5, 9].map {
            try #require(ShardAssignment(index: $0, count: 10_000))
        }
        let fragments = shares.map {
            ShardFragment(
                source: "show 1", file: nil, workingDirectory: "/", seed: 0, prelude: false,
                shard: $0, unitCount: 0, records: [])
        }
        do {
            _ = try ShardMerge(fragments: fragments, names: ["a", "b", "c", "d"])
            Issue.record("missing shares were not noticed")
        } catch {
            #expect(
                error.description
                    == "missing shards 1–3, 6–8, 10–9999 of 10000; run them (or check their "
                    + "logs) before merging")
        }
    }
}
