import AmuletLang
import AmuletNotebook
import ArgumentParser
import Foundation
import Glibc

/// `amulet merge DIR`: combines the shares of a sharded run into what one process would give.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shares of a sharded run (amulet run FILE --shard I/N --cache DIR).",
        discussion: """
            Reads DIR/shards/, checks that every share of one run is there, and replays the \
            script without training or attacking anything: each share's results go back where \
            they were measured, and compare, assert and report run on the whole ledger. The \
            output, ledger and report equal a single run's; only timings differ.

            Exit status: 0 merged and every cell succeeded, 1 a share is missing or a cell \
            failed, 2 usage error.
            """)

    @ArgumentParser.Argument(help: "The --cache folder the shares wrote to.")
    var directory: String

    @Option(help: "Output format: table, markdown, json or csv.")
    var format: String = "table"

    @Option(help: "Folder of the raw dataset files (default: the one the shares used).")
    var data: String?

    @Option(help: "Write the merged ledger as JSON to this file.")
    var ledger: String?

    @Option(help: "Write the merged notebook report (.html or .md) to this file.")
    var report: String?

    func execute() -> Int32 {
        guard let outputFormat = OutputFormat(rawValue: format) else {
            FileHandle.standardError.write(
                Data(
                    ("amulet: unknown format '\(OutputPath.shown(format))'; use table, markdown, "
                        + "json or csv\n").utf8))
            return 2
        }
        // Every output is checked before anything is written, relative to this directory.
        for (option, path) in [("--ledger", ledger), ("--report", report)] {
            guard let path, let problem = OutputPath.problem(path) else { continue }
            FileHandle.standardError.write(Data("amulet merge: \(option): \(problem)\n".utf8))
            return 2
        }
        let reportPath = report.map(OutputPath.absolute)
        let folder = URL(fileURLWithPath: directory)
        let merge: ShardMerge
        do {
            merge = try ShardMerge(directory: folder)
        } catch {
            FileHandle.standardError.write(
                Data("amulet merge: \(OutputPath.shown(String(describing: error)))\n".utf8))
            return 1
        }
        let run = merge.run
        if run.programVersion != ProgramVersion.current {
            FileHandle.standardError.write(
                Data(
                    ("amulet merge: the shares ran a different amulet program than this one; "
                        + "merge with the program that ran them, or run the shares again\n").utf8))
            return 1
        }
        let stderrIsTTY = isatty(STDERR_FILENO) == 1
        let bar = ProgressBar(mode: stderrIsTTY ? .terminal : .off)
        let environment = ProcessInfo.processInfo.environment
        var host = Host()
        host.currentDirectory = run.workingDirectory
        var (interpreter, preludeProblems) = host.makeInterpreter(
            format: outputFormat, seed: run.seed, dataFolder: data ?? run.dataFolder,
            useCache: true,
            cacheFolder: folder.path, loadPrelude: run.prelude, progress: { bar.report($0) })
        interpreter.environment.sharding = .replay(merge)
        let printer = CellPrinter(
            colorOut: ColorPolicy.allows(
                isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment),
            colorErr: ColorPolicy.allows(isTerminal: stderrIsTTY, environment: environment),
            stdoutReserved: false, stdoutIsTerminal: isatty(STDOUT_FILENO) == 1)
        if let preludeProblems { printer.print(preludeProblems, format: .table) }
        installInterruptHandler()
        let runner = ScriptRunner(printer: printer, bar: bar)
        var status = runner.run(run.source, file: run.file, interpreter: &interpreter)
        // The replay read the imports and data again: they must be what the shares read.
        let replayed = interpreter.session.dependencies
        if status == 0, replayed != run.dependencies {
            let mismatch = zip(replayed, run.dependencies).first { $0 != $1 }
            let difference =
                mismatch.map { "now '\($0.0.prefix(80))', then '\($0.1.prefix(80))'" }
                ?? "\(replayed.count) files now, \(run.dependencies.count) then"
            FileHandle.standardError.write(
                Data(
                    ("amulet merge: "
                        + OutputPath.shown(
                            String(describing: ShardError.changedSince(difference))) + "\n").utf8))
            return 1
        }
        FileHandle.standardError.write(
            Data(
                ("amulet merge: \(run.shard.count) share\(run.shard.count == 1 ? "" : "s"), "
                    + "\(run.unitCount) work units, \(merge.records.count) results, "
                    + "\(interpreter.session.ledger.count) ledger rows\n").utf8))
        if let report = reportPath, status == 0 {
            let quoted = report.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            let result = interpreter.run("report \"\(quoted)\"", file: "<merge --report>")
            printer.print(result, format: result.format, seconds: 0)
            if !result.succeeded { status = 1 }
        }
        if let ledger {
            let text = JSONRenderer().render(ledger: interpreter.session.ledger) + "\n"
            if let problem = OutputPath.write(text, to: ledger) {
                FileHandle.standardError.write(Data("amulet merge: --ledger: \(problem)\n".utf8))
                return 1
            }
        }
        return status
    }
}
