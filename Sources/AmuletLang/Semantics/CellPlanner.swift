import AmuletLearn
import AmuletNotebook
import AmuletRisks
import AmuletTensor

/// Walks a cell as it would run, without training or measuring, and lists the models it needs.
///
/// It runs what only changes the scenario (`load`, `set`, `defend`, `undefend`, `let`,
/// `def`), walks the files `import` reads, sets the model `train` names without training
/// it, follows `for`, `repeat` (with the seeds the run derives) and def calls, and asks each
/// `attack`, `measure` and `tune` for the trainings its plug-ins declare. Everything happens on its own copy of the interpreter,
/// which a dry run keeps as the session that later cells see.
struct CellPlanner {
    /// The copy the walk updates.
    var interpreter: Interpreter
    /// The models needed so far.
    var plan = CostPlan()
    /// The program the statements come from (for `def` sources); an import's while its
    /// statements are walked.
    var program: Program
    /// The files being walked (absolute paths, innermost last), to resolve relative imports.
    var importStack: [String] = []
    /// What the scenario-changing commands said (`loaded …`, `scenario: …`), for a dry run.
    var outputs: [Output] = []
    /// Block depth, bounded as execution is.
    private var depth = 0

    init(interpreter: Interpreter, program: Program) {
        self.interpreter = interpreter
        self.program = program
        if let file = program.file { importStack = [interpreter.environment.resolve(file)] }
    }

    mutating func walk(_ statements: [Statement]) throws(Diagnostic) {
        depth += 1
        defer { depth -= 1 }
        for statement in statements { try walk(statement) }
    }

    mutating func walk(_ statement: Statement) throws(Diagnostic) {
        var context = CellContext(cell: interpreter.session.nextCell)
        switch statement {
        case .command(let command):
            try walk(command, context: &context)
        case .assert:
            return
        case .tune(let tune):
            try walk(tune)
        case .let, .def:
            try interpreter.execute(statement, program: program, context: &context)
        case .forLoop(let variable, _, let sequence, let body, _):
            let items: [Value]
            switch try interpreter.evaluate(sequence) {
            case .list(let values): items = values
            case let single: items = [single]
            }
            let saved = interpreter.session.variables[variable]
            for item in items {
                interpreter.session.variables[variable] = item
                try walk(body)
            }
            interpreter.session.variables[variable] = saved
        case .repeatLoop(let count, _, let body, _):
            let baseSeed = interpreter.session.settings.seed
            let outer = interpreter.session.repetition
            for r in 0..<count {
                interpreter.session.settings.seed = SeededGenerator.deriveSeed(
                    baseSeed, UInt64(r + 1))
                interpreter.session.repetition = r
                try walk(body)
            }
            interpreter.session.settings.seed = baseSeed
            interpreter.session.repetition = outer
        case .call(let name, let range):
            guard let definition = interpreter.session.definitions[name] else {
                try interpreter.execute(statement, program: program, context: &context)
                return
            }
            if depth >= Interpreter.maximumExecutionDepth {
                throw Diagnostic(
                    .runtime, "recursion too deep: def '\(name)' cannot be planned", range: range)
            }
            try walk(definition.body)
        }
    }

    mutating func walk(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        switch command.verb {
        case .load, .set, .defend, .undefend:
            try interpreter.execute(command, program: program, context: &context)
            outputs += context.outputs
        case .reset:
            interpreter.session = interpreter.session.afterReset()
        case .train:
            try planTrain(command)
        case .attack:
            try planEvaluation(command, kind: .attack)
        case .measure:
            try planEvaluation(command, kind: .metric)
        case .import:
            try planImport(command)
        case .compare, .show, .help, .explain, .report, .export, .save:
            return
        }
    }

    /// `import`: the file's statements are walked as the run would run them, so its defs
    /// (`matrix` of `interactions.amu`) are known and its work is planned.
    mutating func planImport(_ command: Command) throws(Diagnostic) {
        guard
            let imported = try ImportedScript.read(
                command, interpreter: interpreter, importStack: importStack)
        else {
            plan.unplanned.append("import")
            return
        }
        let saved = program
        program = imported.program
        importStack.append(imported.resolved)
        defer {
            importStack.removeLast()
            program = saved
        }
        try walk(imported.program.statements)
    }

    /// `train`: the model is set in the scenario, as a run sets it, but not trained.
    mutating func planTrain(_ command: Command) throws(Diagnostic) {
        guard var scenario = interpreter.session.scenario else {
            throw interpreter.diagnostic(for: ScenarioError.noDataset, command: command)
        }
        let entry = try interpreter.catalogEntry(command, kind: .model)
        guard case .model(let plugin) = entry else {
            throw interpreter.mismatchedEntry(command, entry)
        }
        let call = try interpreter.bind(command, spec: plugin.spec)
        let seed = interpreter.session.settings.seed
        do {
            let recipe = try plugin.recipe(
                call, seed: SeededGenerator.deriveSeed(seed, 2), data: scenario.data.train)
            scenario.setModel(
                name: plugin.spec.name, recipe: recipe, label: recipe.architecture.label,
                parameters: call.given)
            guard let role = scenario.roles.last else { throw ScenarioError.noModel }
            add(try scenario.trainings(of: role, seed: seed), on: scenario)
        } catch {
            throw interpreter.diagnostic(for: error, command: command)
        }
        interpreter.session.scenario = scenario
    }

    /// `attack` and `measure`: the models the plug-in declares for every role.
    mutating func planEvaluation(_ command: Command, kind: PluginKind) throws(Diagnostic) {
        let entry = try interpreter.catalogEntry(command, kind: kind)
        guard case .evaluation(let plugin) = entry else {
            throw interpreter.mismatchedEntry(command, entry)
        }
        let call = try interpreter.bind(command, spec: plugin.spec)
        do {
            if try plugin.evaluateWithoutModel(call) != nil { return }
            guard let scenario = interpreter.session.scenario else {
                throw ScenarioError.noDataset
            }
            guard scenario.baseline != nil else { throw ScenarioError.noModel }
            add(
                try scenario.trainings(
                    evaluating: plugin, call: call, seed: interpreter.session.settings.seed),
                on: scenario)
            // Its own models are unknown: say so rather than plan them as none.
            if plugin.spec.cost == nil {
                plan.unplanned.append("\(kind.verb) \(plugin.spec.name) (declares no cost)")
            }
        } catch {
            throw interpreter.diagnostic(for: error, command: command)
        }
    }

    /// `tune`: every setting's defended model and what its evaluations declare, the baseline
    /// once, as the run does.
    mutating func walk(_ tune: Tune) throws(Diagnostic) {
        let tunePlan = try interpreter.tunePlan(tune)
        guard let scenario = interpreter.session.scenario, scenario.baseline != nil else {
            return
        }
        let command = Command(verb: .defend, verbRange: tune.range, range: tune.range)
        for (index, setting) in tunePlan.settings.enumerated() {
            var copy = scenario
            let tuned = Set(setting.defenses.map { $0.plugin.spec.name })
            var list = copy.defenses.filter { !tuned.contains($0.name) }.map {
                (plugin: $0.plugin, call: $0.call)
            }
            list += setting.defenses
            do {
                try copy.setDefenses(
                    list, cancellation: interpreter.environment.workbench.cancellation)
                for evaluation in tunePlan.evaluations {
                    add(
                        try copy.trainings(
                            evaluating: evaluation.plugin, call: evaluation.call,
                            seed: interpreter.session.settings.seed,
                            only: index == 0 ? nil : [.defended]),
                        on: copy)
                }
            } catch {
                throw interpreter.diagnostic(for: error, command: command)
            }
        }
    }

    private mutating func add(_ trainings: [ModelTraining], on scenario: Scenario) {
        plan.add(trainings, scenario: scenario, workbench: interpreter.environment.workbench)
        // Their models are counted as one plain retrain: say that it is a guess.
        for defense in scenario.defenses where defense.plugin.spec.cost == nil {
            let note =
                "defend \(defense.plugin.spec.name) (declares no cost: counted as one retrain)"
            if !plan.unplanned.contains(note) { plan.unplanned.append(note) }
        }
    }
}
