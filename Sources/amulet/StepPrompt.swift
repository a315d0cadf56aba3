import AmuletLang
import Foundation

/// `amulet --step FILE`: before each cell, shows it (with the comments above it) and waits
/// for Enter on the terminal; `q` (or end of input) stops the lesson there.
///
/// For a workshop: the teacher projects the lesson and runs it cell by cell, talking over
/// each result before the next cell trains.
struct StepPrompt {
    /// Whether to dim the header and the prompt.
    var color: Bool
    /// Reads one line of the user's answer; nil at end of input.
    var readAnswer: () -> String? = { Swift.readLine(strippingNewline: true) }

    /// Shows `step` and returns whether to run it.
    func ask(_ step: ScriptStep) -> Bool {
        let header = "── cell \(step.index + 1) of \(step.count) · line \(step.line) "
        let rule = header + String(repeating: "─", count: max(3, 60 - header.count))
        let prompt = "Enter runs it · q quits › "
        let text =
            "\n" + dim(rule) + "\n" + step.text + "\n" + dim(prompt)
        FileHandle.standardOutput.write(Data(text.utf8))
        guard let answer = readAnswer() else {
            FileHandle.standardOutput.write(Data("\n".utf8))
            return false
        }
        return !Self.quits(answer)
    }

    /// Whether an answer stops the lesson: `q`, `quit` or `exit`, in any case.
    static func quits(_ answer: String) -> Bool {
        ["q", "quit", "exit"].contains(
            answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    private func dim(_ text: String) -> String {
        color ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }
}
