import AmuletLang
import Foundation

/// The interactive loop: numbered prompts, multi-line blocks, completion, Ctrl-C and Ctrl-D.
///
/// A cell is read until its braces and brackets close (`…>` continuation prompt), added to
/// the history as one entry, run, and printed (with its time after `set timer=on`). Ctrl-C at the prompt drops the line or the unfinished block; during a running cell
/// it cancels the cell (training polls the token) and the session stays as it was before it.
/// Ctrl-D at an empty prompt exits.
struct REPL {
    var interpreter: Interpreter
    let printer: CellPrinter
    let bar: ProgressBar

    mutating func run() -> Int32 {
        let editor = LineEditor()
        let banner =
            "Amulet — type 'help' for the verbs, 'quickstart' for a first run, Ctrl-D to quit.\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        while true {
            let snapshot = interpreter
            editor.completion = { line, cursor in
                Completer(vocabulary: snapshot.completionVocabulary).complete(
                    line: line, cursor: cursor)
            }
            var source = ""
            var prompt = "[\(interpreter.session.nextCell)]> "
            var endOfInput = false
            while true {
                guard let line = editor.readLine(prompt: prompt) else {
                    endOfInput = true
                    break
                }
                if editor.lastReadWasInterrupted {
                    source = ""
                    break
                }
                source += (source.isEmpty ? "" : "\n") + line
                if !Parser.needsMoreInput(source) { break }
                prompt = String(repeating: " ", count: max(0, prompt.count - 3)) + "…> "
            }
            if endOfInput && source.isEmpty {
                FileHandle.standardOutput.write(Data("\n".utf8))
                return 0
            }
            if source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            if ["quit", "exit"].contains(source.trimmingCharacters(in: .whitespaces)) { return 0 }
            editor.remember(source)
            interruptToken.reset()
            let clock = ContinuousClock()
            let started = clock.now
            let result = interpreter.run(source)
            let elapsed = started.duration(to: clock.now)
            bar.clear()
            printer.print(
                result, format: result.format,
                seconds: Double(elapsed.components.seconds)
                    + Double(elapsed.components.attoseconds) * 1e-18)
            interruptToken.reset()
            if endOfInput { return 0 }
        }
    }
}
