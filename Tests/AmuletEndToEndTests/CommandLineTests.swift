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

    @Test func shardedRunAndMergeGiveTheSingleRunsLedger() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(
            "load synthetic rows=300\nrepeat 3 { train mlp epochs=2; measure fairness }\ncompare\n"
                .utf8
        ).write(to: folder.appendingPathComponent("sweep.amu"))
        let single = try AmuletProcess.run(
            [
                "run", "--no-prelude", "--cache", "single", "--seed", "5", "sweep.amu", "--ledger",
                "single.json",
            ], in: folder)
        #expect(single.status == 0, "\(single.error)")
        for share in ["0/2", "1/2"] {
            let part = try AmuletProcess.run(
                [
                    "run", "--no-prelude", "sweep.amu", "--seed", "5", "--shard", share, "--cache",
                    "shared",
                ], in: folder)
            #expect(part.status == 0, "\(part.error)")
        }
        let merged = try AmuletProcess.run(
            ["merge", "shared", "--ledger", "merged.json"], in: folder)
        #expect(merged.status == 0, "\(merged.error)")
        #expect(merged.output.contains("fairness.group.dp_difference"))
        func rows(_ name: String) throws -> [[String: String]] {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let objects = try #require(
                try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            return objects.map { object in
                object.filter { $0.key != "seconds" }.mapValues { "\($0)" }
            }
        }
        let singleRows = try rows("single.json")
        #expect(singleRows.count == 3 * 15)  // 15 fairness rows per repetition
        #expect(try rows("merged.json") == singleRows)
    }

    @Test func sharesSplitOneAttacksShadowsAndTheMergeExportsItsScores() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = """
            load synthetic rows=300
            train mlp epochs=2
            attack mia method=lira shadows=4
            export mia "mia.csv"
            """
        for name in ["single", "sharded"] {
            let directory = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
            try Data(script.utf8).write(to: directory.appendingPathComponent("s.amu"))
        }
        let sharded = folder.appendingPathComponent("sharded")
        let single = try AmuletProcess.run(
            ["run", "--no-prelude", "s.amu", "--cache", "c"],
            in: folder.appendingPathComponent("single"))
        #expect(single.status == 0, "\(single.error)")
        // Share 0 trains the baseline and two of the attack's shadows for share 1.
        let first = try AmuletProcess.run(
            ["run", "--no-prelude", "s.amu", "--shard", "0/2", "--cache", "c"], in: sharded)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.error.contains("trained 2 models ahead for other shares"), "\(first.error)")
        let second = try AmuletProcess.run(
            ["run", "--no-prelude", "s.amu", "--shard", "1/2", "--cache", "c"], in: sharded)
        #expect(second.status == 0, "\(second.error)")
        #expect(!FileManager.default.fileExists(atPath: sharded.path + "/mia.csv"))
        let merged = try AmuletProcess.run(["merge", "c"], in: sharded)
        #expect(merged.status == 0, "\(merged.error)")
        let expected = try Data(contentsOf: folder.appendingPathComponent("single/mia.csv"))
        #expect(try Data(contentsOf: sharded.appendingPathComponent("mia.csv")) == expected)
        #expect(String(decoding: expected, as: UTF8.self).split(separator: "\n").count == 151)
    }

    @Test func shardOptionsAndMergeProblemsAreExplained() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let badShare = try run(["--shard", "2/2", "--cache", "c", "/dev/null"])
        #expect(badShare.status == 2)
        #expect(badShare.error.contains("--shard takes I/N with 0 ≤ I < N"), "\(badShare.error)")
        let noCache = try AmuletProcess.run(["run", "--shard", "0/2", "/dev/null"], in: folder)
        #expect(noCache.status == 2)
        #expect(noCache.error.contains("--shard needs --cache DIR"), "\(noCache.error)")
        let empty = try AmuletProcess.run(["merge", "nothing-here"], in: folder)
        #expect(empty.status == 1)
        #expect(empty.error.contains("no shard fragments"), "\(empty.error)")
    }
}
