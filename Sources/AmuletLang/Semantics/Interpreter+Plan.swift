import AmuletLearn
import AmuletNotebook
import AmuletRisks
import Dispatch
import Synchronization

extension Interpreter {
    /// A cell that trains more models than this prints its plan before it starts.
    static let planThreshold = 3

    /// The models `statements` would train, and the interpreter as the walk left it (the
    /// scenario set up, nothing trained), for a dry run to keep.
    func plan(_ statements: [Statement], program: Program) throws(Diagnostic) -> (
        plan: CostPlan, after: Interpreter, outputs: [Output]
    ) {
        var planner = CellPlanner(interpreter: self, program: program)
        try planner.walk(statements)
        return (planner.plan, planner.interpreter, planner.outputs)
    }

    /// Whether `statements` may train anything: they train, attack, measure or tune, directly
    /// or through a def; cells that only load or show are not planned.
    func mayTrain(_ statements: [Statement]) -> Bool {
        var visited: Set<String> = []
        return mayTrain(statements, depth: 0, visited: &visited)
    }

    /// The walk behind `mayTrain`.
    ///
    /// Each def is walked at most once per question: one already
    /// visited either said yes (and the walk stopped) or said no, so a chain of defs costs
    /// O(statements), not one pass per path through it. Past `maximumExecutionDepth` blocks
    /// the walk stops (the run itself will stop there with "recursion too deep").
    private func mayTrain(_ statements: [Statement], depth: Int, visited: inout Set<String>)
        -> Bool
    {
        guard depth < Interpreter.maximumExecutionDepth else { return false }
        for statement in statements {
            switch statement {
            case .command(let command):
                if [.train, .attack, .measure].contains(command.verb) { return true }
            case .tune:
                return true
            case .forLoop(_, _, _, let body, _), .repeatLoop(_, _, let body, _),
                .def(_, _, let body, _):
                if mayTrain(body, depth: depth + 1, visited: &visited) { return true }
            case .call(let name, _):
                guard visited.insert(name).inserted, let body = session.definitions[name]?.body
                else { continue }
                if mayTrain(body, depth: depth + 1, visited: &visited) { return true }
            case .let, .assert:
                continue
            }
        }
        return false
    }

    /// Runs `statements` as `execute` does, but first plans them: a dry run only plans (the
    /// plan is the cell's output and the walk's scenario is kept); a cell that trains more than
    /// `planThreshold` models shows its plan first and reports an ETA while it runs.
    mutating func executePlanned(
        _ statements: [Statement], program: Program, context: inout CellContext
    ) throws(Diagnostic) {
        if session.settings.dryRun || session.settings.dryRunOnly {
            let (plan, after, outputs) = try plan(statements, program: program)
            self = after
            context.outputs += outputs
            if mayTrain(statements) {
                let throughput = measuredThroughput(context: &context)
                context.outputs.append(.note(plan.summary(throughput: throughput)))
            }
            return
        }
        // A share of a sharded run trains part of the cell and a merge trains nothing: a plan
        // of the whole cell would mislead both.
        guard environment.sharding == nil, mayTrain(statements) else {
            try execute(statements, program: program, context: &context)
            return
        }
        let plan: CostPlan
        do {
            plan = try self.plan(statements, program: program).plan
        } catch {
            try executeUnplanned(statements, program: program, planError: error, context: &context)
            return
        }
        guard plan.toTrain > Self.planThreshold else {
            try execute(statements, program: program, context: &context)
            return
        }
        let throughput = measuredThroughput(context: &context)
        let summary = plan.summary(throughput: throughput)
        context.outputs.append(.note(summary))
        let progress = environment.workbench.progress
        environment.workbench.progress = Self.etaProgress(
            progress, summary: summary, memory: environment.workbench.memory, plan: plan,
            throughput: throughput)
        defer { environment.workbench.progress = progress }
        try execute(statements, program: program, context: &context)
    }

    /// Runs a cell whose cost walk failed with `planError`, without a plan.
    ///
    /// Cancelled while planning: the cell is cancelled. Otherwise the walk's error is usually
    /// the one the run meets, which then reports it where it happens; a cell that runs anyway
    /// (it writes a file a later command reads, which the walk does not) warns that it ran
    /// unplanned instead of staying silent.
    mutating func executeUnplanned(
        _ statements: [Statement], program: Program, planError: Diagnostic,
        context: inout CellContext
    ) throws(Diagnostic) {
        if environment.workbench.cancellation?.isCancelled ?? false { throw planError }
        try execute(statements, program: program, context: &context)
        context.outputs.append(
            .warning(
                "no cost plan for this cell: the walk that plans it stopped"
                    + (planError.location.map { " at line \($0.line)" } ?? "")
                    + " (\(planError.message)); it ran without an estimate"))
    }

    /// This machine's training speed, or nil with a warning in the cell when the probe failed.
    func measuredThroughput(context: inout CellContext) -> Double? {
        switch environment.trainingThroughput() {
        case .success(let throughput):
            return throughput
        case .failure(let failure):
            context.outputs.append(
                .warning(
                    "no time estimate: this machine's training speed could not be measured ("
                        + failure.reason + ")"))
            return nil
        }
    }

    /// A reporter that announces the plan, then puts `[done/models models · ETA …]` in front
    /// of every update.
    ///
    /// Done counts the plan's models the session now holds. The ETA comes from the declared
    /// cost (`CostPlan`, defenses' work included): until a model to train is done it is the
    /// plan's estimate less the time spent; after, the work left at the speed measured when
    /// the last model was done, less the time since: `t·(W − w)/w − (elapsed − t)` with w the
    /// work done by time t. It falls while a model trains, and a cheap model done first does
    /// not make an adversarially trained one look cheap (nor the reverse). Without a
    /// measured throughput (the probe failed) there is no estimate: the ETA is unknown until
    /// the first model is done.
    static func etaProgress(
        _ reporter: ProgressReporter?, summary: String, memory: ModelMemory, plan: CostPlan,
        throughput: Double?
    ) -> ProgressReporter? {
        guard let reporter else { return nil }
        let start = DispatchTime.now().uptimeNanoseconds
        let models = plan.toTrain + plan.fromCache
        let estimate = throughput.map { plan.estimatedSeconds(throughput: $0) }
        // The models this cell still needs, by key, with their declared work.
        let pending: [(key: String, work: Double)] = plan.entries.compactMap { entry in
            guard entry.source != .memory, let key = entry.training.key,
                memory.model(key) == nil
            else { return nil }
            return (key, entry.work)
        }
        let totalWork = plan.work
        // The work done when last seen to grow, and when.
        let progress = Mutex<(work: Double, at: Double)>((0, 0))
        reporter(ProgressUpdate(stage: summary, completed: 0, total: max(models, 1)))
        return { update in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var done = 0
            var doneWork = 0.0
            for model in pending where memory.model(model.key) != nil {
                done += 1
                doneWork += model.work
            }
            done = min(done, models)
            let measured = progress.withLock { last -> (work: Double, at: Double) in
                if doneWork > last.work { last = (doneWork, elapsed) }
                return last
            }
            let remaining: Double?
            if measured.work > 0 && totalWork > measured.work {
                let atMeasuredSpeed = measured.at * (totalWork - measured.work) / measured.work
                remaining = max(atMeasuredSpeed - (elapsed - measured.at), 0)
            } else if measured.work > 0 {
                remaining = 0
            } else {
                remaining = estimate.map { max($0 - elapsed, 0) }
            }
            let eta = remaining.map { "ETA ~" + CostPlan.duration($0) } ?? "ETA unknown"
            var update = update
            update.stage = "[\(done)/\(Format.count(models, "model")) · \(eta)] " + update.stage
            reporter(update)
        }
    }
}
