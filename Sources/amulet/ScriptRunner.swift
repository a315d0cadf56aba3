import AmuletLang
import AmuletNotebook
import Foundation

/// Runs a script cell by cell, printing each cell as it finishes.
struct ScriptRunner {
    /// Prints cells.
    let printer: CellPrinter
    /// The progress bar, cleared before each cell is printed.
    let bar: ProgressBar
    /// Whether JUnit XML of the assertions and failed cells goes to stdout at the end.
    var junit = false
    /// For `--step`: shows each cell and asks before running it.
    var step: StepPrompt?

    /// Runs `source`; the exit status: 0 when every cell succeeded, else 1.
    func run(_ source: String, file: String?, interpreter: inout Interpreter) -> Int32 {
        let clock = ContinuousClock()
        var started = clock.now
        var junitCases = JUnitCollector()
        let ask = step.map { prompt in { (cell: ScriptStep) in prompt.ask(cell) } }
        let ok = interpreter.runScript(source, file: file, before: ask) { result in
            let elapsed = started.duration(to: clock.now)
            let seconds =
                Double(elapsed.components.seconds)
                + Double(elapsed.components.attoseconds) * 1e-18
            bar.clear()
            printer.print(result, format: result.format, seconds: seconds)
            if junit { junitCases.add(result, seconds: seconds) }
            started = clock.now
        }
        if junit {
            let suite = file ?? "amulet -e"
            let program = Parser.parse(source: source, file: file).program
            let xml = JUnitRenderer().render(
                suite: suite, cases: junitCases.finished(program: program),
                seconds: junitCases.totalSeconds)
            FileHandle.standardOutput.write(Data(xml.utf8))
        }
        return ok ? 0 : 1
    }
}
