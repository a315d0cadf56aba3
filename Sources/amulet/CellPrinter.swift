import AmuletLang
import AmuletNotebook
import Foundation

/// Prints a cell's outputs and diagnostics in the session's format.
///
/// Tables go to stdout in the chosen format. In `table` and `markdown` formats text and notes
/// go to stdout too; in `json` and `csv` they go to stderr, so stdout stays machine-readable.
/// Diagnostics always go to stderr.
struct CellPrinter {
    /// Colour on stdout (a terminal).
    var colorOut: Bool
    /// Colour on stderr (a terminal).
    var colorErr: Bool
    /// The widest line a table may take (the terminal's width); nil for no limit.
    var width: Int? = TerminalSize.columns()

    func print(_ result: CellResult, format: OutputFormat) {
        let machine = format == .json || format == .csv
        for output in result.outputs {
            switch output {
            case .text(let text):
                write(text + "\n", toError: machine)
            case .note(let note):
                let styled =
                    (machine ? colorErr : colorOut) ? "\u{1B}[2m· \(note)\u{1B}[0m" : "· \(note)"
                write(styled + "\n", toError: machine)
            case .warning(let warning):
                let styled =
                    (machine ? colorErr : colorOut)
                    ? "\u{1B}[1;33m⚠ \(warning)\u{1B}[0m" : "⚠ \(warning)"
                write(styled + "\n", toError: machine)
            case .table(let table):
                let text = render(table, as: format, useColor: colorOut, width: width)
                write(text.hasSuffix("\n") ? text : text + "\n", toError: false)
            }
        }
        if !result.diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(useColor: colorErr)
            for diagnostic in result.diagnostics {
                let file = diagnostic.location?.file ?? "<input>"
                let text = renderer.render(diagnostic, source: result.sources[file])
                write(text.hasSuffix("\n") ? text : text + "\n", toError: true)
            }
        }
    }

    func write(_ text: String, toError: Bool) {
        (toError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
    }
}
