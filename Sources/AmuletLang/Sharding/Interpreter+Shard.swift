import AmuletNotebook
import AmuletRisks

extension Interpreter {
    /// Runs `command` the way this process's part in a sharded run asks; returns false when
    /// the command runs as usual.
    ///
    /// Expensive commands are work: run for real by the shard that owns their unit (and
    /// recorded), only for their effect on the session by the others, and put back from the
    /// record by the merge. A shard leaves commands that read the whole ledger to the merge.
    mutating func executeSharded(_ command: Command, context: inout CellContext)
        throws(Diagnostic) -> Bool
    {
        switch command.verb {
        case .train:
            try runAsWorkUnit(
                range: command.range, context: &context,
                stateOnly: { (interpreter, context) throws(Diagnostic) in
                    try interpreter.train(command, context: &context, trainModel: false)
                },
                run: { (interpreter, context) throws(Diagnostic) in
                    try interpreter.train(command, context: &context)
                })
            return true
        case .attack, .measure:
            let kind: PluginKind = command.verb == .attack ? .attack : .metric
            try runAsWorkUnit(
                range: command.range, context: &context, stateOnly: { _, _ in },
                run: { (interpreter, context) throws(Diagnostic) in
                    try interpreter.evaluate(command, kind: kind, context: &context)
                },
                pretrain: { (interpreter, context, share, owner) throws(Diagnostic) in
                    try interpreter.pretrainDeclaredModels(
                        command, kind: kind, share: share, owner: owner, context: &context)
                })
            return true
        case .compare, .show, .report, .export, .save:
            if case .worker = environment.sharding { return true }
            return false
        default:
            return false
        }
    }

    /// Runs one expensive command as a step of its work unit (see `ShardRole`); whether its
    /// results are now in the session (false for a unit another share owns).
    ///
    /// In a share, `pretrain` first trains the share's part of the command's declared models
    /// for the share that owns the unit (given as the share and the owner's index).
    @discardableResult
    mutating func runAsWorkUnit(
        range: SourceRange, context: inout CellContext,
        stateOnly: (inout Interpreter, inout CellContext) throws(Diagnostic) -> Void,
        run: (inout Interpreter, inout CellContext) throws(Diagnostic) -> Void,
        pretrain: (inout Interpreter, inout CellContext, ShardAssignment, Int) throws(Diagnostic)
            -> Void = { _, _, _, _ in
            }
    ) throws(Diagnostic) -> Bool {
        let key = session.units.nextKey()
        switch environment.sharding {
        case .none:
            try run(&self, &context)
        case .worker(let share):
            try pretrain(&self, &context, share, key.unit % share.count)
            guard share.owns(key.unit) else {
                try stateOnly(&self, &context)
                return false
            }
            let snapshot = WorkSnapshot(ledger: session.ledger, context: context)
            try run(&self, &context)
            session.workRecords.append(
                ShardFragment.KeyedRecord(
                    key: key, record: snapshot.record(ledger: session.ledger, context: context)))
            // Recorded: the artifacts need not be held twice.
            context.artifacts.removeSubrange(
                min(snapshot.artifactCount, context.artifacts.count)...)
        case .replay(let merge):
            try stateOnly(&self, &context)
            guard let record = merge.records[key] else {
                throw Diagnostic(
                    .runtime,
                    ShardError.missingRecord(key, shard: key.unit % merge.run.shard.count)
                        .description, range: range)
            }
            record.apply(
                ledger: &session.ledger, artifacts: &session.artifacts, context: &context)
        }
        return true
    }
}
