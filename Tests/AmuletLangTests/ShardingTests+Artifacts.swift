import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

@testable import AmuletLang

/// What an attack leaves for `export` travels from the share that ran it to the merge.
extension ShardingTests {
    @Test func theMergeExportsWhatASingleRunExports() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Unit 0 (the train) is share 0's, unit 1 (the attack, two roles) share 1's.
        let script = """
            load synthetic rows=200
            train mlp epochs=2
            defend dp eps=4
            attack mia method=lira shadows=2
            export mia "out/mia.csv"
            export mia_roc "out/roc.csv"
            """
        let single = folder.appendingPathComponent("single", isDirectory: true)
        let sharded = folder.appendingPathComponent("sharded", isDirectory: true)
        let cache = folder.appendingPathComponent("cache", isDirectory: true)
        for directory in [single, sharded] {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
        }
        let (wholeResults, _, _) = Self.run(script, role: nil, folder: single, cache: nil)
        try #require(wholeResults.allSatisfy { $0.succeeded })

        var fragments: [ShardFragment] = []
        for share in (0..<2).compactMap({ ShardAssignment(index: $0, count: 2) }) {
            let (results, worker, _) = Self.run(
                script, role: .worker(share), folder: sharded, cache: cache)
            #expect(results.allSatisfy { $0.succeeded })
            fragments.append(Self.fragment(script, share, of: worker))
        }
        // The workers leave the exports to the merge.
        let out = sharded.appendingPathComponent("out")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Through the fragment files, as `amulet merge` reads them.
        for fragment in fragments { try fragment.write(into: cache) }
        let merge = try ShardMerge(directory: cache)
        #expect(merge.records.values.contains { $0.artifacts.count == 1 })
        let (mergedResults, _, _) = Self.run(
            script, role: .replay(merge), folder: sharded, cache: cache)
        #expect(mergedResults.allSatisfy { $0.succeeded })
        for name in ["mia.csv", "roc.csv"] {
            let expected = try Data(contentsOf: single.appendingPathComponent("out/\(name)"))
            let merged = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(merged == expected, "\(name)")
            // Per example (200 rows, two roles) or per ROC point: never an empty export.
            #expect(String(decoding: expected, as: UTF8.self).split(separator: "\n").count > 100)
        }
    }

    @Test func aFragmentOfTheFormerFormatIsNamedAsSuch() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let share = try #require(ShardAssignment(index: 0, count: 1))
        var fragment = ShardFragment(
            source: "train mlp", file: nil, workingDirectory: "/", seed: 1, prelude: false,
            shard: share, unitCount: 1,
            records: [
                .init(
                    key: WorkUnitKey(unit: 0, ordinal: 0),
                    record: WorkRecord(rows: [], outputs: [], curves: [], loopRows: []))
            ])
        try fragment.write(into: folder)
        let url = ShardFragment.folder(in: folder).appendingPathComponent("0-of-1.json")
        #expect(try ShardFragment.read(url) == fragment)
        // Format 1 had no artifacts in its records (and, as format 2, no checksum wrapper).
        var sealed = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var json = try #require(sealed["fragment"] as? [String: Any])
        json["version"] = 1
        var records = try #require(json["records"] as? [[String: Any]])
        var record = try #require(records[0]["record"] as? [String: Any])
        record["artifacts"] = nil
        records[0]["record"] = record
        json["records"] = records
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        #expect(
            throws: ShardError.unreadable(
                url.path, reason: "written in fragment format 1; this amulet reads format 3")
        ) {
            try ShardFragment.read(url)
        }
        sealed["version"] = 2
        try JSONSerialization.data(withJSONObject: sealed).write(to: url)
        #expect(
            throws: ShardError.unreadable(
                url.path, reason: "written in fragment format 2; this amulet reads format 3")
        ) {
            try ShardFragment.read(url)
        }
        fragment.version = 4
        try fragment.write(into: folder)
        #expect(
            throws: ShardError.unreadable(
                url.path, reason: "written in fragment format 4; this amulet reads format 3")
        ) {
            try ShardFragment.read(url)
        }
    }
}
