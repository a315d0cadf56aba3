import AmuletLang
import AmuletNotebook
import ArgumentParser
import Foundation
import Glibc

/// `amulet [run]`: the REPL, a script runner, inline code, or one share of a sharded run.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script, inline code, or the REPL (the default command).",
        discussion: """
            With no FILE and a terminal, opens the REPL. With FILE (or a script on stdin), \
            checks the whole script (names, parameters, metrics, defs, imports), then runs \
            it and exits 1 at the first failing cell. -e runs inline code. --step runs a \
            lesson cell by cell, each on Enter.

            With --shard I/N, runs share I of the script's N shares of work (iterations of \
            each cell's outermost loop, and each train, attack, measure or tune outside \
            loops, dealt round-robin) with models in the shared --cache folder, and writes \
            what it measured to DIR/shards/; 'amulet merge DIR' then gives the ledger, \
            tables and report of a single run.

            Progress goes to stderr: a bar on a terminal, otherwise a line every 5 s \
            ($AMULET_PROGRESS_SECONDS; 0 for none). \
            Colour only on a terminal, and never with NO_COLOR set.

            Exit status: 0 all cells succeeded, 1 a cell failed, 2 usage error.
            """)

    @ArgumentParser.Argument(help: "A script to run (.amu).")
    var file: String?

    @Option(
        name: [.customShort("e"), .customLong("execute")], help: "Run this code instead of a file.")
    var code: String?

    @Option(
        help: """
            Output format: table, markdown, json, csv (one CSV of every value, long form) or \
            junit (JUnit XML of the assertions and failed cells on stdout; the rest on stderr).
            """)
    var format: String = "table"

    @Option(
        parsing: .unconditional, help: "Seed of every random choice: a whole number ≥ 0.",
        transform: RunCommand.parseSeed)
    var seed: UInt64?

    @Option(help: "Folder of the raw dataset files (default $AMULET_DATA or ./data).")
    var data: String?

    @Flag(help: "Do not load stdlib/prelude.amu.")
    var noPrelude = false

    @Flag(help: "Keep trained models in memory only (no model cache on disk).")
    var noCache = false

    @Flag(
        help: "Print each cell's plan only (models to train, from the cache, time); train nothing.")
    var dryRun = false

    @Flag(
        help: """
            Step through the script for teaching: show each cell with the comments above it             and run it on Enter; q quits. Needs a FILE and a terminal.
            """)
    var step = false

    @Option(help: "Folder of the model cache (default $AMULET_CACHE or ~/.cache/amulet).")
    var cache: String?

    @Option(
        parsing: .unconditional,
        help: """
            Run share I of N of the script's work (0 ≤ I < N), such as 0/4; needs --cache on \
            a folder every share can reach.
            """,
        transform: RunCommand.parseShard)
    var shard: ShardAssignment?

    @Option(help: "Write the session's ledger (every measured number) as JSON to this file.")
    var ledger: String?

    func execute() -> Int32 {
        let junit = format == "junit"
        guard let outputFormat = junit ? OutputFormat.table : OutputFormat(rawValue: format) else {
            FileHandle.standardError.write(
                Data(
                    ("amulet: unknown format '\(OutputPath.shown(format))'; use table, "
                        + "markdown, json, csv or "
                        + "junit\n").utf8))
            return 2
        }
        if junit && file == nil && code == nil && isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(
                Data("amulet: --format junit needs a script (FILE, -e CODE or stdin)\n".utf8))
            return 2
        }
        if file != nil && code != nil {
            FileHandle.standardError.write(Data("amulet: give a FILE or -e CODE, not both\n".utf8))
            return 2
        }
        if let ledger, let problem = OutputPath.problem(ledger) {
            FileHandle.standardError.write(Data("amulet: --ledger: \(problem)\n".utf8))
            return 2
        }
        if step && (file == nil || isatty(STDIN_FILENO) != 1 || shard != nil || junit) {
            FileHandle.standardError.write(
                Data(
                    ("amulet: --step needs a FILE and a terminal to answer on (and no --shard "
                        + "or --format junit)\n").utf8))
            return 2
        }
        if let problem = shardProblem() {
            FileHandle.standardError.write(Data("amulet: \(problem)\n".utf8))
            return 2
        }
        let stderrIsTTY = isatty(STDERR_FILENO) == 1
        let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
        let environment = ProcessInfo.processInfo.environment
        let bar = ProgressBar(stderrIsTerminal: stderrIsTTY, environment: environment)
        var (interpreter, preludeProblems) = Host().makeInterpreter(
            format: outputFormat, seed: seed, dataFolder: data, useCache: !noCache,
            cacheFolder: cache, loadPrelude: !noPrelude, progress: { bar.report($0) })
        if let shard { interpreter.environment.sharding = .worker(shard) }
        let printer = CellPrinter(
            colorOut: ColorPolicy.allows(
                isTerminal: stdoutIsTTY && !junit, environment: environment),
            colorErr: ColorPolicy.allows(isTerminal: stderrIsTTY, environment: environment),
            stdoutReserved: junit, stdoutIsTerminal: stdoutIsTTY && !junit)
        if let preludeProblems { printer.print(preludeProblems, format: .table) }
        installInterruptHandler()
        var runner = interpreter
        runner.session.settings.dryRunOnly = dryRun
        var script: (source: String, file: String?)?
        if let code { script = (code, nil) }
        if let file {
            do {
                script = (try SourceFileReader.read(atPath: file), file)
            } catch {
                FileHandle.standardError.write(
                    Data("amulet: \(OutputPath.shown(error.message(path: file)))\n".utf8))
                return 2
            }
        } else if code == nil && isatty(STDIN_FILENO) != 1 {
            do {
                script = (try SourceFileReader.read(fileDescriptor: STDIN_FILENO), "<stdin>")
            } catch {
                let message = error.message(path: "<stdin>")
                FileHandle.standardError.write(Data("amulet: \(message)\n".utf8))
                return 2
            }
        }
        if let script {
            var scriptRunner = ScriptRunner(printer: printer, bar: bar, junit: junit)
            if step { scriptRunner.step = StepPrompt(color: printer.colorOut) }
            let status = scriptRunner.run(script.source, file: script.file, interpreter: &runner)
            return finish(status: status, script: script, interpreter: runner)
        }
        if shard != nil || ledger != nil {
            FileHandle.standardError.write(
                Data("amulet: --shard and --ledger need a script (FILE, -e CODE or stdin)\n".utf8))
            return 2
        }
        var repl = REPL(interpreter: runner, printer: printer, bar: bar)
        return repl.run()
    }

    /// The `--seed` value: a whole number from 0 to 2⁶⁴ − 1, or a message saying so.
    ///
    /// The option is declared with `.unconditional` parsing so `--seed -1` reaches this check
    /// instead of being read as an unknown option `-1` and a missing value.
    static func parseSeed(_ text: String) throws -> UInt64 {
        guard let seed = UInt64(text) else {
            throw ValidationError(
                "the seed must be a whole number ≥ 0 (such as --seed 42), not '\(text)'")
        }
        return seed
    }

    /// The `--shard` value `I/N`, or a message saying what it must be.
    static func parseShard(_ text: String) throws -> ShardAssignment {
        guard let shard = ShardAssignment(parsing: text) else {
            throw ValidationError(
                "--shard takes I/N with 0 ≤ I < N ≤ \(ShardAssignment.maximumCount), such as "
                    + "0/4 (Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT), not "
                    + "'\(OutputPath.shown(text))'")
        }
        return shard
    }

    /// Why the sharding options do not fit together, or nil.
    func shardProblem() -> String? {
        guard shard != nil else { return nil }
        if noCache {
            return "--shard keeps its models in the shared --cache folder; drop --no-cache"
        }
        if cache == nil {
            return "--shard needs --cache DIR, a folder every share can reach (its results go "
                + "to DIR/shards/ for 'amulet merge DIR')"
        }
        return nil
    }

    /// After a script: writes the ledger and, for a share, its fragment; the exit status.
    func finish(status: Int32, script: (source: String, file: String?), interpreter: Interpreter)
        -> Int32
    {
        if let ledger {
            let text = JSONRenderer().render(ledger: interpreter.session.ledger) + "\n"
            if let problem = OutputPath.write(text, to: ledger) {
                FileHandle.standardError.write(Data("amulet: --ledger: \(problem)\n".utf8))
                return status == 0 ? 1 : status
            }
        }
        guard let shard, let cache, status == 0 else { return status }
        let session = interpreter.session
        let fragment = ShardFragment(
            source: script.source, file: script.file,
            workingDirectory: interpreter.environment.currentDirectory,
            dataFolder: session.settings.dataFolder.url.path, seed: session.settings.seed,
            prelude: !noPrelude, shard: shard, unitCount: session.units.nextUnit,
            records: session.workRecords, dependencies: session.dependencies,
            programVersion: ProgramVersion.current)
        let folder = URL(fileURLWithPath: interpreter.environment.resolve(cache))
        do {
            try fragment.write(into: folder)
        } catch {
            FileHandle.standardError.write(
                Data(
                    ("amulet: cannot write the shard's results into "
                        + OutputPath.shown("\(cache)/shards") + ": "
                        + OutputPath.shown(error.localizedDescription) + "\n").utf8))
            return 1
        }
        let owned = (0..<session.units.nextUnit).filter { shard.owns($0) }.count
        FileHandle.standardError.write(
            Data(
                ("amulet: share \(shard) ran \(owned) of \(session.units.nextUnit) work units"
                    + (session.pretrainedModels > 0
                        ? " and trained \(session.pretrainedModels) model"
                            + (session.pretrainedModels == 1 ? "" : "s") + " "
                            + "ahead for other shares" : "")
                    + "; results in \(cache)/shards/\(ShardFragment.fileName(shard))\n").utf8))
        return 0
    }
}
