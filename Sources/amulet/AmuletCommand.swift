import AmuletLang
import AmuletNotebook
import ArgumentParser
import Foundation
import Glibc

/// The `amulet` program: the REPL, a script runner, or inline code.
@main
struct AmuletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amulet",
        abstract: "Measure how ML defenses move security, privacy and fairness risks.",
        discussion: """
            With no FILE and a terminal, opens the REPL. With FILE (or a script on stdin),
            runs it and exits 1 at the first failing cell. -e runs inline code.
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
        transform: AmuletCommand.parseSeed)
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

    static func main() {
        let command: AmuletCommand
        do {
            command = try AmuletCommand.parse()
        } catch {
            let code = AmuletCommand.exitCode(for: error)
            let message = AmuletCommand.fullMessage(for: error)
            if code == .success {
                FileHandle.standardOutput.write(Data((message + "\n").utf8))
                Glibc.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Glibc.exit(2)
        }
        // Everything was written with unbuffered write(2). `_exit` skips the C library's exit
        // handlers: after Ctrl-C has hit OpenBLAS's worker threads, its thread-pool shutdown
        // handler can wait forever, and there is nothing left to flush.
        Glibc._exit(command.execute())
    }

    func execute() -> Int32 {
        let junit = format == "junit"
        guard let outputFormat = junit ? OutputFormat.table : OutputFormat(rawValue: format) else {
            FileHandle.standardError.write(
                Data(
                    ("amulet: unknown format '\(format)'; use table, markdown, json, csv or "
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
        let stderrIsTTY = isatty(STDERR_FILENO) == 1
        let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
        let bar = ProgressBar(enabled: stderrIsTTY)
        let (interpreter, preludeProblems) = Host().makeInterpreter(
            format: outputFormat, seed: seed, dataFolder: data, useCache: !noCache,
            loadPrelude: !noPrelude, progress: { bar.report($0) })
        let printer = CellPrinter(
            colorOut: stdoutIsTTY && !junit, colorErr: stderrIsTTY, stdoutReserved: junit)
        if let preludeProblems { printer.print(preludeProblems, format: .table) }
        installInterruptHandler()
        var runner = interpreter
        runner.session.settings.dryRunOnly = dryRun
        if let code {
            return runScript(
                code, file: nil, interpreter: &runner, printer: printer, bar: bar, junit: junit)
        }
        if let file {
            let source: String
            do {
                source = try SourceFileReader.read(atPath: file)
            } catch {
                FileHandle.standardError.write(Data("amulet: \(error.message(path: file))\n".utf8))
                return 2
            }
            return runScript(
                source, file: file, interpreter: &runner, printer: printer, bar: bar, junit: junit)
        }
        if isatty(STDIN_FILENO) != 1 {
            let source: String
            do {
                source = try SourceFileReader.read(fileDescriptor: STDIN_FILENO)
            } catch {
                let message = error.message(path: "<stdin>")
                FileHandle.standardError.write(Data("amulet: \(message)\n".utf8))
                return 2
            }
            return runScript(
                source, file: "<stdin>", interpreter: &runner, printer: printer, bar: bar,
                junit: junit)
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

    /// Runs a script, printing each cell; with `junit`, writes JUnit XML to stdout at the end.
    func runScript(
        _ source: String, file: String?, interpreter: inout Interpreter, printer: CellPrinter,
        bar: ProgressBar, junit: Bool = false
    ) -> Int32 {
        let clock = ContinuousClock()
        var started = clock.now
        var cases: [JUnitCase] = []
        let ok = interpreter.runScript(source, file: file) { result in
            let elapsed = started.duration(to: clock.now)
            let seconds =
                Double(elapsed.components.seconds)
                + Double(elapsed.components.attoseconds) * 1e-18
            bar.clear()
            printer.print(result, format: result.format, seconds: seconds)
            if junit { cases += JUnitCases.of(result, seconds: seconds) }
            started = clock.now
        }
        if junit {
            let suite = file ?? "amulet -e"
            FileHandle.standardOutput.write(
                Data(JUnitRenderer().render(suite: suite, cases: cases).utf8))
        }
        return ok ? 0 : 1
    }
}
