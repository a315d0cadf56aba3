import AmuletRisks

extension Interpreter {
    /// Trains this share's part of the models an `attack` or `measure` declares into the
    /// shared model cache (see `PretrainingDeal`), before the share that owns its unit runs it.
    ///
    /// A share that does not own the unit trains its part into the cache only, for the owner
    /// to load; the owner trains its own part first (keeping it in memory), then runs the
    /// command, which loads what the others finished and trains whatever is still missing.
    /// Nobody waits: a model depends only on its recipe, seed and rows, so loading it or
    /// training it again gives the same bytes and the results never depend on timing. Without
    /// a model cache, or with one share, nothing is trained ahead. A plug-in that declares no
    /// cost cannot be dealt out: the cell warns that the owner trains all its models.
    mutating func pretrainDeclaredModels(
        _ command: Command, kind: PluginKind, share: ShardAssignment, owner: Int,
        context: inout CellContext
    ) throws(Diagnostic) {
        guard share.count > 1, environment.workbench.cache != nil,
            let scenario = session.scenario, scenario.baseline != nil
        else { return }
        let entry = try catalogEntry(command, kind: kind)
        guard case .evaluation(let plugin) = entry else { return }
        guard let cost = plugin.spec.cost else {
            context.outputs.append(
                .warning(
                    "\(kind.verb) \(plugin.spec.name) declares no cost (the models it trains), "
                        + "so no share trained them ahead: share \(owner), which runs it, "
                        + "trains them all"))
            return
        }
        let call = try bind(command, spec: plugin.spec)
        let seed = session.settings.seed
        do {
            if try plugin.evaluateWithoutModel(call) != nil { return }
            // The plug-in's own models for every role; the roles' models are left to the
            // command, whose notes depend on whether it trained them.
            var declared: [ModelTraining] = []
            for role in scenario.roles {
                declared += try cost.trainings(
                    call, CostContext(recipe: role.recipe, scenario: scenario, seed: seed))
            }
            let part = PretrainingDeal(declared, scenario: scenario, owner: owner).part(of: share)
            let trained = try environment.workbench.pretrain(
                part, scenario: scenario, threads: session.settings.threads,
                remember: share.index == owner)
            if share.index != owner { session.pretrainedModels += trained }
        } catch {
            throw diagnostic(for: error, command: command)
        }
    }
}
