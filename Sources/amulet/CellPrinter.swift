import AmuletLang
import AmuletNotebook
import Foundation
import Glibc

/// Prints a cell's outputs and diagnostics in the session's format.
///
/// Tables go to stdout in the chosen format. In `table` format text and notes go to stdout
/// too. In `markdown` stdout is a document: tables and texts (what a command answers) as
/// blocks, each ended by a blank line, while status lines (notes, warnings, the timer) go to
/// stderr; in `json` and `csv` all of them
/// go to stderr, so stdout stays machine-readable.
/// In `csv` stdout holds one CSV in long form for the whole run (`LongForm`: a header, then
/// one record per value each cell recorded) and tables go to stderr as text. With
/// `stdoutReserved` (for `--format junit`) everything goes to stderr. Diagnostics always go to
/// stderr.
struct CellPrinter {
    /// Colour on stdout (a terminal, no `NO_COLOR`).
    var colorOut: Bool
    /// Colour on stderr (a terminal, no `NO_COLOR`).
    var colorErr: Bool
    /// Whether stdout is a terminal, whose width text wraps at.
    var stdoutIsTerminal: Bool
    /// The widest line a table may take (the terminal's width); nil for no limit.
    var width: Int? = TerminalSize.columns()
    /// Whether stdout is kept for a report written at the end (JUnit XML).
    var stdoutReserved = false
    /// Whether the long-form CSV header has been written.
    private let csvHeader = Latch()

    init(
        colorOut: Bool, colorErr: Bool, stdoutReserved: Bool = false,
        stdoutIsTerminal: Bool = false
    ) {
        self.colorOut = colorOut
        self.colorErr = colorErr
        self.stdoutReserved = stdoutReserved
        self.stdoutIsTerminal = stdoutIsTerminal
    }

    /// Prints `result`; `seconds` is the cell's wall-clock time, shown when the timer is on.
    func print(_ result: CellResult, format: OutputFormat, seconds: Double? = nil) {
        let machine = format == .json || format == .csv || stdoutReserved
        // Status lines leave a Markdown document on stdout alone.
        let statusToError = machine || format == .markdown
        let statusColor = statusToError ? colorErr : colorOut
        for output in result.outputs {
            switch output {
            case .text(let text):
                let width = machine ? nil : terminalWidth
                // In Markdown a text is a paragraph: a blank line ends it.
                write(
                    (width.map { TextWrapper(width: $0).wrap(text) } ?? text) + "\n"
                        + (format == .markdown && !machine ? "\n" : ""),
                    toError: machine)
            case .note(let note):
                let styled = statusColor ? "\u{1B}[2m· \(note)\u{1B}[0m" : "· \(note)"
                write(styled + "\n", toError: statusToError)
            case .warning(let warning):
                let styled = statusColor ? "\u{1B}[1;33m⚠ \(warning)\u{1B}[0m" : "⚠ \(warning)"
                write(styled + "\n", toError: statusToError)
            case .table(let table):
                let shown: OutputFormat = format == .csv ? .table : format
                let text = render(
                    table, as: shown, useColor: format == .csv ? colorErr : colorOut, width: width)
                // A Markdown table ends at a blank line: without one, GitHub-flavoured
                // Markdown reads the next line (the next table's bold title) as a row.
                write(
                    (text.hasSuffix("\n") ? text : text + "\n") + (shown == .markdown ? "\n" : ""),
                    toError: stdoutReserved || format == .csv)
            }
        }
        if format == .csv && !stdoutReserved && !result.recorded.isEmpty {
            write(LongForm.csv(result.recorded, header: csvHeader.set()), toError: false)
        }
        if !result.diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(useColor: colorErr)
            for diagnostic in result.diagnostics {
                let file = diagnostic.location?.file ?? "<input>"
                let text = renderer.render(diagnostic, source: result.sources[file])
                write(text.hasSuffix("\n") ? text : text + "\n", toError: true)
            }
        }
        if result.showsTimer, let seconds {
            let line = "time: " + String(format: "%.3f", seconds) + " s"
            write(
                (statusColor ? "\u{1B}[2m\(line)\u{1B}[0m" : line) + "\n",
                toError: statusToError)
        }
    }

    /// The terminal's width when stdout is a terminal, so explain and help wrap at it.
    var terminalWidth: Int? {
        guard stdoutIsTerminal else { return nil }
        var size = winsize()
        let status = withUnsafeMutablePointer(to: &size) {
            ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0)
        }
        guard status == 0, size.ws_col > 0 else {
            return nil
        }
        return Int(size.ws_col)
    }

    func write(_ text: String, toError: Bool) {
        (toError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
    }
}

/// A flag that is set once: `set()` returns true the first time only.
final class Latch {
    private var isSet = false

    /// Sets the flag; true when it was not set before.
    func set() -> Bool {
        defer { isSet = true }
        return !isSet
    }
}
