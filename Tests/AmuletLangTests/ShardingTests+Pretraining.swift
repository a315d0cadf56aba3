import AmuletLearn
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

@testable import AmuletLang

/// Shares train the models of a command another share owns into the shared cache, and carry
/// what the commands left for `export` to the merge.
extension ShardingTests {
    /// One LiRA attack outside loops: unit 0 is the `train` (share 0 of 2), unit 1 the attack
    /// (share 1), whose six shadow models are dealt over both shares.
    static let liraScript = """
        load synthetic rows=200
        train mlp epochs=2
        attack mia method=lira shadows=6
        """

    /// `script` run in a fresh interpreter playing `role`, with a model cache in `cache`
    /// (none when nil) and a clock counting the models it trains.
    static func run(
        _ script: String, role: ShardRole?, folder: URL, cache: URL?
    ) -> (results: [CellResult], interpreter: Interpreter, clock: TrainingClock) {
        var interpreter = Interpreter.forTesting(in: folder)
        let clock = TrainingClock()
        interpreter.environment.workbench = Workbench(
            cache: cache.map { ModelCache(directory: $0) }, clock: clock)
        interpreter.session.settings.seed = 11
        interpreter.environment.sharding = role
        var results: [CellResult] = []
        _ = interpreter.runScript(script, file: "script.amu") { results.append($0) }
        return (results, interpreter, clock)
    }

    /// The keys of the models in a cache folder.
    static func cachedKeys(_ cache: URL) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
        return Set(
            names.filter { $0.hasSuffix(".amuletmodel") }.map {
                String($0.dropLast(".amuletmodel".count))
            })
    }

    @Test func aShareTrainsItsPartOfAnotherSharesShadowModels() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache", isDirectory: true)
        let script = Self.liraScript
        let (wholeResults, whole, wholeClock) = Self.run(
            script, role: nil, folder: folder, cache: nil)
        try #require(wholeResults.allSatisfy { $0.succeeded })
        #expect(wholeClock.count == 7)

        // The keys every model of the script trains under, from the dry-run planner.
        let (program, errors) = Parser.parse(source: script, file: "script.amu")
        try #require(errors.isEmpty)
        var planner = Interpreter.forTesting(in: folder)
        planner.session.settings.seed = 11
        let planned = try planner.plan(program.statements, program: program).plan.entries.map(
            \.training)
        try #require(planned.count == 7)
        let baseline = try #require(planned[0].key)
        let shadows = try planned[1...].map { try #require($0.key) }
        #expect(planned[1...].allSatisfy { $0.purpose == "shadow model" })

        // Share 0 trains the baseline (its unit) and the shadows dealt to it: 0, 2 and 4.
        let shares = (0..<2).compactMap { ShardAssignment(index: $0, count: 2) }
        let (results0, worker0, clock0) = Self.run(
            script, role: .worker(shares[0]), folder: folder, cache: cache)
        #expect(results0.allSatisfy { $0.succeeded })
        #expect(Self.cachedKeys(cache) == [baseline, shadows[0], shadows[2], shadows[4]])
        #expect(clock0.count == 4)
        #expect(worker0.session.pretrainedModels == 3)
        #expect(worker0.session.workRecords.map(\.key.unit) == [0])

        // The owner loads the baseline and those three, and trains only the other three.
        let (results1, worker1, clock1) = Self.run(
            script, role: .worker(shares[1]), folder: folder, cache: cache)
        #expect(results1.allSatisfy { $0.succeeded })
        #expect(clock1.count == 3)
        #expect(worker1.session.pretrainedModels == 0)
        #expect(Self.cachedKeys(cache) == Set([baseline] + shadows))

        let merge = try ShardMerge(
            fragments: [
                Self.fragment(script, shares[0], of: worker0),
                Self.fragment(script, shares[1], of: worker1),
            ],
            names: ["0", "1"])
        let (mergedResults, merged, mergedClock) = Self.run(
            script, role: .replay(merge), folder: folder, cache: cache)
        #expect(mergedClock.count == 0)
        Self.expectMerge(mergedResults, merged, equals: wholeResults, whole)
    }

    @Test func aShareNeverTrainsAModelTwice() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache", isDirectory: true)
        // LiRA and RMIA train the same four shadows: LiRA's unit is share 1's, RMIA's share 0's.
        let script = """
            load synthetic rows=200
            train mlp epochs=2
            attack mia method=lira shadows=4
            attack mia method=rmia shadows=4
            """
        let shares = (0..<2).compactMap { ShardAssignment(index: $0, count: 2) }
        let (results0, worker0, clock0) = Self.run(
            script, role: .worker(shares[0]), folder: folder, cache: cache)
        #expect(results0.allSatisfy { $0.succeeded })
        // The baseline and four shadows, each once: two ahead for LiRA's owner (into the cache
        // only), and RMIA's own two before RMIA loads the first two back.
        #expect(clock0.count == 5)
        #expect(Self.cachedKeys(cache).count == 5)
        #expect(worker0.session.pretrainedModels == 2)

        // Everything share 1 needs is in the cache: it trains nothing.
        let (results1, worker1, clock1) = Self.run(
            script, role: .worker(shares[1]), folder: folder, cache: cache)
        #expect(results1.allSatisfy { $0.succeeded })
        #expect(clock1.count == 0)
        #expect(Self.cachedKeys(cache).count == 5)

        let (wholeResults, whole, _) = Self.run(script, role: nil, folder: folder, cache: nil)
        try #require(wholeResults.allSatisfy { $0.succeeded })
        let merge = try ShardMerge(
            fragments: [
                Self.fragment(script, shares[0], of: worker0),
                Self.fragment(script, shares[1], of: worker1),
            ],
            names: ["0", "1"])
        let (_, merged, _) = Self.run(script, role: .replay(merge), folder: folder, cache: cache)
        #expect(Self.untimed(merged.session.ledger) == Self.untimed(whole.session.ledger))
    }

    @Test func theDealGivesTheOwnerTheFewestAndLastModels() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        #expect(interpreter.run("load synthetic rows=40").succeeded)
        let scenario = try #require(interpreter.session.scenario)
        let recipe = Recipe(architecture: .logisticRegression, epochs: 1, seed: 1)
        let rows = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [0, 1]]
        let declared = rows.map {
            ModelTraining(purpose: "shadow model", recipe: recipe, scenario: scenario, rows: $0)
        }
        // Six declared, the last a repeat of the first: five models over three shares.
        let deal = PretrainingDeal(declared, scenario: scenario, owner: 1)
        #expect(deal.models.count == 5)
        let parts = (0..<3).compactMap { ShardAssignment(index: $0, count: 3) }.map {
            deal.part(of: $0).compactMap(\.rowIndices)
        }
        // Share 2 sits first after the owner, share 0 next, the owner last.
        #expect(parts[2] == [[0, 1], [6, 7]])
        #expect(parts[0] == [[2, 3], [8, 9]])
        #expect(parts[1] == [[4, 5]])
        // A model without rows (trained on a set built otherwise) is never dealt.
        var opaque = declared[1]
        opaque.rowIndices = nil
        #expect(PretrainingDeal([opaque], scenario: scenario, owner: 0).models.isEmpty)
    }
}
