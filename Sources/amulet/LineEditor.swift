import AmuletLang
import CEditLine
import Foundation

/// The REPL's line editor: libedit with persistent history and tab completion.
///
/// The only file that touches `CEditLine`, after LLVM's `LineEditor`. Lines are edited with
/// emacs bindings (and whatever `~/.editrc` adds); tab calls `completion` with the text and the
/// cursor and applies the `CompletionAction` it returns. The REPL adds each whole cell to the
/// history with `remember(_:)`, so a multi-line block is one entry that up-arrow recalls
/// whole (libedit keeps the line breaks in the buffer). The history keeps at most 1000
/// entries, skips an entry equal to the one before, and is saved to `historyPath` straight
/// away so a crash loses nothing.
///
/// When stdin is not a terminal, or libedit cannot start, lines come from Swift's `readLine()`
/// with no editing; the prompt is printed only when stdin is a terminal, as sqlite's shell does.
///
/// Ctrl-C at the prompt does not raise SIGINT: while a line is edited the terminal's `isig`
/// flag is off (libedit restores it when the line is accepted, so a running cell still gets
/// SIGINT), and Ctrl-C is bound to a function that prints `^C`, drops the line and makes
/// `readLine(prompt:)` return an empty string with `lastReadWasInterrupted` set, so the REPL
/// can also abandon an unfinished block. For the same reason Ctrl-Z and Ctrl-\ send no signal
/// at the prompt. libedit installs no signal handlers of its own (`EL_SIGNAL` is left off).
final class LineEditor {
    /// Decides what tab does: given the line and the cursor's Character offset.
    var completion: (_ line: String, _ cursor: Int) -> CompletionAction

    /// Whether the last `readLine(prompt:)` ended with Ctrl-C instead of Return.
    private(set) var lastReadWasInterrupted = false

    /// The history file, or nil to keep history in memory only.
    let historyPath: String?

    /// libedit's editor; nil in the `readLine()` fallback.
    private let editLine: OpaquePointer?
    /// libedit's history; nil in the `readLine()` fallback.
    private let history: OpaquePointer?
    /// The current prompt as a C string that the prompt callback hands to libedit.
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    /// Set by the Ctrl-C binding while `el_gets` runs.
    private var interruptPending = false

    /// The default history file, `~/.amulet_history`; nil when `HOME` is not set.
    static var defaultHistoryPath: String? {
        ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.amulet_history" }
    }

    /// Starts libedit on the terminal and loads the history, or falls back to `readLine()`.
    ///
    /// - Parameters:
    ///   - programName: The name `~/.editrc` settings are selected by.
    ///   - historyPath: Where history is loaded from and saved to; nil keeps it in memory.
    ///   - completion: What tab does; the default completes nothing.
    init(
        programName: String = "amulet", historyPath: String? = LineEditor.defaultHistoryPath,
        completion: @escaping (_ line: String, _ cursor: Int) -> CompletionAction = { _, _ in
            .none
        }
    ) {
        self.completion = completion
        self.historyPath = historyPath
        guard isatty(STDIN_FILENO) == 1,
            let editLine = el_init(programName, amulet_stdin(), amulet_stdout(), amulet_stderr())
        else {
            self.editLine = nil
            self.history = nil
            return
        }
        // libedit decodes multibyte input with the C library's character type locale.
        setlocale(LC_CTYPE, "")
        let history = history_init()
        self.editLine = editLine
        self.history = history
        if let history {
            amulet_history_set_size(history, 1000)
            amulet_history_set_unique(history, 1)
            if let historyPath { amulet_history_load(history, historyPath) }
            amulet_el_set_history(editLine, history)
        }
        amulet_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        promptBuffer = strdup("")
        // The callbacks are C function pointers, so they capture nothing and find their
        // editor through the client data.
        amulet_el_set_prompt(editLine) { LineEditor.owner(of: $0)?.promptBuffer }
        amulet_el_set_editor(editLine, "emacs")
        amulet_el_add_function(editLine, "amulet-complete", "Complete the word") { editLine, _ in
            UInt8(LineEditor.owner(of: editLine)?.completeAtCursor() ?? CC_ERROR)
        }
        amulet_el_add_function(editLine, "amulet-interrupt", "Discard the line") { editLine, _ in
            UInt8(LineEditor.owner(of: editLine)?.interruptLine() ?? CC_ERROR)
        }
        amulet_el_bind(editLine, "^I", "amulet-complete")
        amulet_el_setty(editLine, "-d", "-isig")
        amulet_el_bind(editLine, "^C", "amulet-interrupt")
        // Last, so the user's `~/.editrc` can change any of the above.
        el_source(editLine, nil)
    }

    deinit {
        if let history { history_end(history) }
        if let editLine { el_end(editLine) }
        free(promptBuffer)
    }

    /// Reads one line without its newline; nil at end of input (Ctrl-D on an empty line).
    ///
    /// After Ctrl-C it returns an empty string and sets `lastReadWasInterrupted`.
    func readLine(prompt: String) -> String? {
        lastReadWasInterrupted = false
        guard let editLine else {
            if isatty(STDIN_FILENO) == 1 {
                print(prompt, terminator: "")
                fflush(amulet_stdout())
            }
            errno = 0
            if let line = Swift.readLine(strippingNewline: true) { return line }
            return interruptedRead()
        }
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        interruptPending = false
        // el_gets prints the prompt while the terminal is still in cooked mode and switches
        // to editing mode only before its first read. A Ctrl-D typed in between, as soon as
        // the prompt shows, is taken by the kernel's line discipline as an end-of-file mark
        // and reaches libedit as a NUL, so it was lost. Entering editing mode first closes
        // that window: every key typed after the prompt appears reaches libedit as a byte.
        amulet_el_prep_term(editLine, 1)
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if interruptPending {
            lastReadWasInterrupted = true
            return ""
        }
        if raw == nil && count < 0 { return interruptedRead() }
        guard let raw, count > 0 else {
            // Leave the terminal on a fresh line after Ctrl-D.
            print()
            return nil
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return line
    }

    /// After a read that returned no line: "" when a signal interrupted it, nil at end of input.
    ///
    /// A SIGINT handler installed without `SA_RESTART` makes a blocking read fail with `EINTR`;
    /// that is an interrupted line, not the end of input.
    private func interruptedRead() -> String? {
        guard errno == EINTR else { return nil }
        clearerr(amulet_stdin())
        print()
        lastReadWasInterrupted = true
        return ""
    }

    /// Adds an entry (a line, or a whole multi-line cell) to the history and saves the file.
    func remember(_ line: String) {
        guard let history, !line.allSatisfy(\.isWhitespace) else { return }
        amulet_history_enter(history, line)
        if let historyPath { amulet_history_save(history, historyPath) }
    }

    /// The line being edited and the cursor's Character offset in it.
    private func currentLine() -> (text: String, cursor: Int, bytesAfterCursor: Int)? {
        guard let editLine, let info = el_line(editLine)?.pointee else { return nil }
        let length = info.buffer.distance(to: info.lastchar)
        let cursorBytes = info.buffer.distance(to: info.cursor)
        return info.buffer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            let all = UnsafeBufferPointer(start: bytes, count: length)
            let text = String(decoding: all, as: UTF8.self)
            let before = UnsafeBufferPointer(start: bytes, count: cursorBytes)
            let cursor = String(decoding: before, as: UTF8.self).count
            return (text, cursor, length - cursorBytes)
        }
    }

    /// Applies the completion action for the current line; returns a libedit `CC_` code.
    private func completeAtCursor() -> Int32 {
        guard let editLine, let current = currentLine() else { return CC_ERROR }
        switch completion(current.text, current.cursor) {
        case .insert(let insertion):
            return el_insertstr(editLine, insertion) == 0 ? CC_REFRESH : CC_ERROR
        case .show(let candidates):
            let width = Int(amulet_el_terminal_columns(editLine))
            print("\n" + Self.columns(candidates, width: width), terminator: "")
            fflush(amulet_stdout())
            return CC_REDISPLAY
        case .none:
            return CC_ERROR
        }
    }

    /// Marks the line as interrupted, moving the terminal past it; returns a libedit `CC_` code.
    private func interruptLine() -> Int32 {
        if let current = currentLine() {
            // Echo what follows the cursor so `^C` lands after the visible text.
            let rest = String(current.text.utf8.suffix(current.bytesAfterCursor)) ?? ""
            print(rest, terminator: "")
        }
        print("^C")
        fflush(amulet_stdout())
        interruptPending = true
        return CC_NEWLINE
    }

    /// Lays candidates out in columns, filled top to bottom, that fit in `width` characters.
    static func columns(_ candidates: [String], width: Int) -> String {
        guard !candidates.isEmpty else { return "" }
        let cellWidth = (candidates.map(\.count).max() ?? 0) + 2
        let columnCount = max(1, width / cellWidth)
        let rowCount = (candidates.count + columnCount - 1) / columnCount
        var output = ""
        for row in 0..<rowCount {
            var line = ""
            for index in stride(from: row, to: candidates.count, by: rowCount) {
                let candidate = candidates[index]
                line += candidate + String(repeating: " ", count: cellWidth - candidate.count)
            }
            while line.last == " " { line.removeLast() }
            output += line + "\n"
        }
        return output
    }

    /// The editor whose pointer was stored as libedit's client data.
    private static func owner(of editLine: OpaquePointer?) -> LineEditor? {
        guard let editLine, let data = amulet_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }
}
