import AmuletLearn
import Dispatch
import Foundation

/// Runs plug-ins over a scenario's models and returns typed results; the language renders them.
///
/// For every role (baseline and defended, or the one current model) it trains or recalls the
/// model, runs the plug-in, adds what the model's training reported (ε of a DP model), checks
/// the model is not degenerate and flags its numbers when it is, and keeps the artifacts under
/// their declared export names. Nothing here knows a plug-in by name.
public struct Experiment: Sendable {
    /// The plug-ins.
    public var catalog: Catalog
    /// Trains or recalls models.
    public var workbench: Workbench
    /// The seed of this evaluation.
    public var seed: UInt64
    /// Worker threads for parallel work.
    public var threads: Int

    /// An experiment runner.
    public init(catalog: Catalog, workbench: Workbench, seed: UInt64, threads: Int) {
        self.catalog = catalog
        self.workbench = workbench
        self.seed = seed
        self.threads = threads
    }

    /// The trained model of one role, with what its training reported.
    public func model(_ role: ScenarioRole, in scenario: Scenario) throws -> ModelUnderTest {
        if let supplied = scenario.suppliedModel(for: role) {
            // The file's weights: nothing to train, and nothing to cache.
            return ModelUnderTest(
                role: role.role, recipe: role.recipe, label: role.label, model: supplied,
                fromCache: true)
        }
        let trained = try workbench.model(role.recipe, scenario: scenario)
        return ModelUnderTest(
            role: role.role, recipe: role.recipe, label: role.label, model: trained.model,
            fromCache: trained.fromCache,
            trainingMeasurements: role.defenses.flatMap {
                $0.plugin.measurements(of: trained.model.summary)
            })
    }

    /// Trains (or recalls) the current model of `scenario` and reports on it.
    public func train(_ scenario: Scenario) throws -> RoleResult {
        guard let role = scenario.roles.last else { throw ScenarioError.noModel }
        let start = DispatchTime.now().uptimeNanoseconds
        let model = try model(role, in: scenario)
        let health = ModelHealth(network: model.model.network, test: scenario.data.test)
        return RoleResult(
            role: role.role, label: role.label, datasetKey: scenario.datasetKey,
            datasetLabel: scenario.datasetDescription,
            recipeKey: role.recipe.identityIgnoringSeed,
            measurements: [Measurement(AccuracyMetric.testAccuracy, value: health.accuracy)],
            health: health, summary: model.model.summary, fromCache: model.fromCache,
            seconds: Self.seconds(since: start),
            defenses: role.defenses.map { $0.plugin.spec.name },
            modality: scenario.data.train.modality.name)
    }

    /// Runs `plugin` with `call` on every role of `scenario` (only those in `only`, when
    /// given), or without one when the plug-in can answer from its parameters alone.
    public func evaluate(
        _ plugin: any EvaluationPlugin.Type, call: PluginCall, scenario: Scenario?,
        only: Set<ModelRole>? = nil
    ) throws -> ExperimentResult {
        if let standalone = try plugin.evaluateWithoutModel(call) {
            let label = "\(plugin.spec.name)(\(call.given.canonical()))"
            return ExperimentResult(
                roles: [
                    RoleResult(
                        role: .current, label: label, datasetKey: "", datasetLabel: "",
                        recipeKey: label, measurements: standalone.measurements)
                ],
                artifacts: RunArtifacts(scenarioLabel: label), notes: standalone.notes)
        }
        guard let scenario else { throw ScenarioError.noDataset }
        let roles = scenario.roles.filter { only?.contains($0.role) ?? true }
        guard !roles.isEmpty else { throw ScenarioError.noModel }
        var results: [RoleResult] = []
        var artifacts = RunArtifacts(scenarioLabel: scenario.currentLabel)
        var notes: [String] = []
        var warnings: [String] = []
        for role in roles {
            let start = DispatchTime.now().uptimeNanoseconds
            let model = try model(role, in: scenario)
            // Every model the plug-in trains for itself is checked like the target.
            let log = ModelHealthLog()
            var tracked = workbench
            tracked.healthLog = log
            let context = RunContext(workbench: tracked, seed: seed, threads: threads)
            let evaluation = try plugin.evaluate(
                call, model: model, scenario: scenario, context: context)
            var measurements = evaluation.measurements
            let reported = Set(measurements.map(\.displayName))
            if !measurements.isEmpty {
                // A defended model reports what its training spent (ε) beside every result.
                measurements += model.trainingMeasurements.filter {
                    !reported.contains($0.displayName)
                }
            }
            let health = ModelHealth(network: model.model.network, test: scenario.data.test)
            if let warning = health.warning(label: role.label) {
                warnings.append(warning)
                for i in measurements.indices { measurements[i].flags.insert(.degenerateModel) }
            }
            if let warning = Self.auxiliaryWarning(log.models, label: role.label) {
                warnings.append(warning)
                for i in measurements.indices {
                    measurements[i].flags.insert(.degenerateAuxiliaryModel)
                }
            }
            // Training notes once, when the model was trained here; the plug-in's every time.
            let trainingNotes = model.fromCache ? [] : model.model.summary.notes
            for note in trainingNotes + evaluation.notes {
                let text = "\(role.label): \(note)"
                if !notes.contains(text) { notes.append(text) }
            }
            artifacts.byRole.append((role.role, evaluation.artifacts))
            results.append(
                RoleResult(
                    role: role.role, label: role.label, datasetKey: scenario.datasetKey,
                    datasetLabel: scenario.datasetDescription,
                    recipeKey: role.recipe.identityIgnoringSeed, measurements: measurements,
                    health: health, summary: model.model.summary, fromCache: model.fromCache,
                    seconds: Self.seconds(since: start),
                    defenses: role.defenses.map { $0.plugin.spec.name },
                    modality: scenario.data.train.modality.name))
        }
        return ExperimentResult(
            roles: results, artifacts: artifacts, notes: notes, warnings: warnings)
    }

    /// The table `export NAME` writes: computed now for on-demand exports, otherwise taken
    /// from `latest`, the artifacts of the scenario's latest runs.
    public func export(_ name: String, scenario: Scenario?, latest: RunArtifacts?) throws
        -> ExportTable
    {
        ExportTable.joining(try artifacts(name, scenario: scenario, latest: latest))
    }

    /// The artifacts `export NAME` writes, by role: computed now for an on-demand export,
    /// else those of the latest run of the current scenario.
    public func artifacts(_ name: String, scenario: Scenario?, latest: RunArtifacts?) throws
        -> [(role: ModelRole, artifact: Artifact)]
    {
        guard let (export, plugin) = catalog.exportOwner(name) else {
            throw ScenarioError.invalid("nothing exports '\(name)'")
        }
        guard let scenario else { throw ScenarioError.noDataset }
        guard !scenario.roles.isEmpty else { throw ScenarioError.noModel }
        if export.computedOnDemand {
            var parts: [(role: ModelRole, artifact: Artifact)] = []
            for role in scenario.roles {
                let model = try model(role, in: scenario)
                if let artifact = try plugin.export(name, model: model, scenario: scenario) {
                    parts.append((role.role, artifact))
                }
            }
            return parts
        }
        var parts: [(role: ModelRole, artifact: Artifact)] = []
        if let latest, latest.scenarioLabel == scenario.currentLabel {
            parts = latest.artifacts(named: name)
        }
        guard !parts.isEmpty else {
            throw ScenarioError.invalid(
                "no '\(name)' results for '\(scenario.currentLabel)' yet; run "
                    + "'\(plugin.spec.kind.verb) \(plugin.spec.name)' first")
        }
        return parts
    }

    /// The warning when any model a plug-in trained for `label` is near-constant, or nil.
    ///
    /// Parallel workers record models in the order they finish, so the example the warning
    /// names is the most degenerate one, not the first recorded: the text must not depend on
    /// scheduling (a sharded run's merge compares it with a single run's).
    static func auxiliaryWarning(_ models: [ModelHealth], label: String) -> String? {
        let degenerate = models.filter(\.isDegenerate)
        guard
            let first = degenerate.max(by: {
                ($0.dominantShare, $1.dominantClass) < ($1.dominantShare, $0.dominantClass)
            })
        else { return nil }
        let share = String(format: "%.1f%%", 100 * first.dominantShare)
        return "warning: \(degenerate.count) of the \(models.count) models the attack trained "
            + "for '\(label)' (shadows, populations, surrogates or retrains) are near-constant "
            + "(one predicts '\(first.dominantClass)' for \(share) of the test split); the "
            + "numbers resting on them are flagged (!) and the matrix reads 'not measurable'. "
            + "Try more epochs=, a larger lr=, or a weaker defense (such as a larger eps=)."
    }

    private static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
