import AmuletData
import AmuletLearn
import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Foundation
import Synchronization
import Testing

@testable import AmuletLang

/// An attack that declares no cost: its spec leaves `cost` nil, which the built-in Catalog's
/// conformance tests reject but a plug-in outside it may do.
enum UndeclaredCostAttack: EvaluationPlugin {
    static let share = MetricID(
        "undeclared.members", risk: .membership, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline, doc: "the members' share of the rows the adversary sees")

    static let spec = PluginSpec(
        name: "undeclared", kind: .attack, summary: "an attack with no declared cost",
        risk: .membership, explanation: "Reports the members' share; declares no cost.",
        reports: [share])

    static func evaluate(
        _ call: PluginCall, model: ModelUnderTest, scenario: Scenario, context: RunContext
    ) throws -> Evaluation {
        let members = Double(scenario.members.count)
        let value = members / (members + Double(scenario.adversary.count))
        return Evaluation(measurements: [Measurement(share, value: value)])
    }
}

/// A defense that changes nothing and declares no cost.
enum UndeclaredCostDefense: DefensePlugin {
    /// Trains as without it; its identity keeps its models apart from the baseline's.
    struct Unchanged: TrainingDefense {
        var identity: String { "undeclared" }
    }

    static let spec = PluginSpec(
        name: "nocost", kind: .defense, summary: "a defense with no declared cost",
        risk: .membership, explanation: "Changes nothing; declares no cost.")

    static func make(_ call: PluginCall, recipe: Recipe, scenario: Scenario) throws
        -> any TrainingDefense
    {
        Unchanged()
    }
}

/// What planning could not do is said in the cell, not swallowed: a speed probe that failed
/// (no "0 s" estimate), a plan walk that stopped, a plug-in with no declared cost.
@Suite struct PlanWarningTests {
    /// One baseline and four shadows: five models, more than the plan threshold.
    static let lira =
        "load synthetic rows=200; train mlp epochs=2; attack mia method=lira shadows=4"

    /// The cell's warnings but those about a model (a one-epoch model may learn nothing).
    static func warnings(_ result: CellResult) -> [String] {
        result.outputs.compactMap { output in
            if case .warning(let text) = output, !text.contains("near-constant") {
                text
            } else {
                nil
            }
        }
    }

    static func notes(_ result: CellResult) -> [String] {
        result.outputs.compactMap { output in
            if case .note(let text) = output { text } else { nil }
        }
    }

    @Test func aProbeThatThrowsGivesNoThroughputRatherThanZero() {
        struct Broken: Error {}
        let outcome = TrainingThroughput.measure(train: { _, _ in throw Broken() })
        guard case .failure(let failure) = outcome else {
            Issue.record("a failed probe measured \(outcome)")
            return
        }
        #expect(failure.reason.contains("Broken"), "\(failure.reason)")
    }

    @Test func aFailedSpeedProbeWarnsAndThePlanHasNoEstimateNorAZeroETA() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stages = Mutex<[String]>([])
        var interpreter = Interpreter.forTesting(in: folder)
        interpreter.environment.workbench = Workbench(
            cache: nil, progress: { update in stages.withLock { $0.append(update.stage) } })
        interpreter.environment.trainingThroughput = {
            .failure(TrainingThroughput.Failure(reason: "the probe training failed: test"))
        }
        let result = interpreter.run(Self.lira)
        #expect(result.succeeded, "\(result.diagnostics)")
        let plan = try #require(Self.notes(result).first { $0.hasPrefix("plan:") })
        #expect(plan.contains("5 models to train"), "\(plan)")
        #expect(!plan.contains("estimated"), "\(plan)")
        #expect(Self.warnings(result).count == 1, "\(Self.warnings(result))")
        #expect(
            Self.warnings(result).first?.contains("training speed could not be measured") == true)
        let seen = stages.withLock { $0 }
        #expect(seen.contains { $0.contains("ETA unknown") }, "\(seen.prefix(5))")
        // Until a model is done there is nothing to extrapolate from: never a made-up figure.
        #expect(!seen.contains { $0.contains("[0/5 models · ETA ~") }, "\(seen.prefix(5))")
    }

    @Test func aMeasuredSpeedGivesAnEstimateAndNoWarning() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        // 10⁹ multiply-accumulates a second, whatever this machine measures.
        interpreter.environment.trainingThroughput = { .success(1e9) }
        let result = interpreter.run(Self.lira)
        #expect(result.succeeded, "\(result.diagnostics)")
        let plan = try #require(Self.notes(result).first { $0.hasPrefix("plan:") })
        #expect(plan.contains("estimated"), "\(plan)")
        #expect(Self.warnings(result).isEmpty, "\(Self.warnings(result))")
    }

    @Test func aCellThatRunsThoughItsPlanWalkStoppedWarnsOnce() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        // The walk skips `export`, so the file the second `load` reads does not exist yet.
        let result = interpreter.run(
            "load synthetic rows=200; train mlp epochs=2; export predictions \"p.csv\"; "
                + "load csv path=\"p.csv\" target=label; train logreg epochs=1")
        #expect(result.succeeded, "\(result.diagnostics)")
        let warnings = Self.warnings(result)
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasPrefix("no cost plan for this cell") == true, "\(warnings)")
        #expect(warnings.first?.contains("p.csv") == true, "\(warnings)")
    }

    @Test func aCellThatFailsWhereItsPlanWalkStoppedGivesTheErrorAndNoWarning() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        let result = interpreter.run(
            "load synthetic rows=200; train mlp epochs=2; load csv path=\"none.csv\" target=y")
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.message.contains("none.csv") == true)
        #expect(Self.warnings(result).isEmpty, "\(Self.warnings(result))")
    }

    static let catalog = Catalog(
        Catalog.builtIn.entries + [
            .evaluation(UndeclaredCostAttack.self), .defense(UndeclaredCostDefense.self),
        ])

    @Test func aDefenseWithNoDeclaredCostIsPlannedAsOneRetrainAndSaysSo() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        interpreter.environment.catalog = Self.catalog
        interpreter.session.settings.dryRun = true
        let result = interpreter.run(
            "load synthetic rows=200; train mlp epochs=2; defend nocost; attack mia method=loss")
        #expect(result.succeeded, "\(result.diagnostics)")
        let plan = try #require(Self.notes(result).first { $0.hasPrefix("plan:") })
        // The baseline and the defended model: the defense's retrain is not free.
        #expect(plan.contains("plan: 2 models to train"), "\(plan)")
        #expect(
            plan.contains("defend nocost (declares no cost: counted as one retrain)"), "\(plan)")
    }

    @Test func aPlugInWithNoDeclaredCostIsNamedAsUnplanned() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        interpreter.environment.catalog = Self.catalog
        interpreter.session.settings.dryRun = true
        let result = interpreter.run(
            "load synthetic rows=200; train mlp epochs=2; attack undeclared")
        #expect(result.succeeded, "\(result.diagnostics)")
        let plan = try #require(Self.notes(result).first { $0.hasPrefix("plan:") })
        #expect(plan.contains("not planned: attack undeclared (declares no cost)"), "\(plan)")
    }

    @Test func aShareWarnsThatAPlugInWithNoDeclaredCostCannotBeTrainedAhead() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var interpreter = Interpreter.forTesting(in: folder)
        interpreter.environment.catalog = Self.catalog
        interpreter.environment.workbench = Workbench(
            cache: ModelCache(directory: folder.appendingPathComponent("cache")))
        let share = try #require(ShardAssignment(index: 0, count: 2))
        interpreter.environment.sharding = .worker(share)
        var results: [CellResult] = []
        let script = "load synthetic rows=200\ntrain mlp epochs=2\nattack undeclared\n"
        _ = interpreter.runScript(script, file: "s.amu") { results.append($0) }
        #expect(results.count == 3 && results.allSatisfy(\.succeeded))
        // The attack is work unit 1: share 1 of 2 runs it.
        let warnings = results.last.map(Self.warnings) ?? []
        #expect(warnings.count == 1, "\(warnings)")
        #expect(
            warnings.first?.contains("attack undeclared declares no cost") == true
                && warnings.first?.contains("share 1, which runs it") == true, "\(warnings)")
    }
}
