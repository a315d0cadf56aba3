import AmuletLearn

extension Scenario {
    /// The trainings that make `role`'s model: the baseline's own training, or, for the
    /// defended model, what each of its defenses declares (one retrain, with the costliest
    /// defense's work factor when several share it; one plain retrain when the only defenses
    /// declare no cost).
    public func trainings(of role: ScenarioRole, seed: UInt64) throws -> [ModelTraining] {
        if suppliedModel(for: role) != nil { return [] }
        guard !role.defenses.isEmpty else {
            return [
                ModelTraining(
                    purpose: "\(role.role.rawValue) model", recipe: role.recipe, scenario: self)
            ]
        }
        let context = CostContext(recipe: role.recipe, scenario: self, seed: seed)
        var merged: [ModelTraining] = []
        var undeclared = false
        for defense in role.defenses {
            guard let cost = defense.plugin.spec.cost else {
                undeclared = true
                continue
            }
            for training in try cost.trainings(defense.call, context) {
                if let i = merged.firstIndex(where: { $0.key != nil && $0.key == training.key }) {
                    merged[i].workFactor = max(merged[i].workFactor, training.workFactor)
                } else {
                    merged.append(training)
                }
            }
        }
        // A defense that declares no cost still trains the defended model: at least once,
        // not for free.
        if undeclared && merged.isEmpty {
            merged.append(
                ModelTraining(
                    purpose: "\(role.role.rawValue) model", recipe: role.recipe, scenario: self))
        }
        return merged
    }

    /// Every training `Experiment.evaluate` runs for `plugin` with `call` (each role's model,
    /// then what the plug-in declares for it), without training any; empty when the plug-in
    /// answers from its parameters alone.
    public func trainings(
        evaluating plugin: any EvaluationPlugin.Type, call: PluginCall, seed: UInt64,
        only: Set<ModelRole>? = nil
    ) throws -> [ModelTraining] {
        if try plugin.evaluateWithoutModel(call) != nil { return [] }
        var out: [ModelTraining] = []
        for role in roles where only?.contains(role.role) ?? true {
            out += try trainings(of: role, seed: seed)
            let context = CostContext(recipe: role.recipe, scenario: self, seed: seed)
            out += try plugin.spec.cost?.trainings(call, context) ?? []
        }
        return out
    }
}
