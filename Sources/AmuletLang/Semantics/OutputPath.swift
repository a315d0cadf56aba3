import Foundation

/// The command line's side of writing files: the checks and the one safe writer that `export`,
/// `report` and `save` use, for `--ledger`, `--report` and merge outputs.
///
/// Paths are taken relative to the current directory, as every other tool's. A name with a
/// control character (a tab, an escape) is refused: such a file is hard to see, name or
/// delete. An existing read-only file or a folder is refused rather than replaced.
public enum OutputPath {
    /// `path` as an absolute path, relative paths taken from the current directory.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("~/") {
            return NSString(string: path).expandingTildeInPath
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Why `path` cannot be written, or nil when it can (checked before anything is written).
    public static func problem(_ path: String) -> String? {
        if path.isEmpty { return "an output file needs a name" }
        do {
            try FileWriter.checkTarget(absolute(path), shownAs: path, range: commandLineRange)
        } catch {
            return error.message
        }
        return nil
    }

    /// Writes `text` to `path` through the checked, atomic writer; a message on failure.
    public static func write(_ text: String, to path: String) -> String? {
        if let problem = problem(path) { return problem }
        do {
            try FileWriter.write(text, to: absolute(path), shownAs: path, range: commandLineRange)
        } catch {
            return error.message
        }
        return nil
    }

    /// `text` with control characters (a tab too) written as escapes such as `\u{1B}`, safe
    /// to print on a terminal.
    public static func shown(_ text: String) -> String {
        DiagnosticRenderer.escapingControls(text, where: isControl)
    }

    /// Whether a terminal might act on `scalar` (C0, DEL, C1; here a tab too).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The range the writer's diagnostics carry: command-line messages print only the text.
    private static let commandLineRange = SourceRange(
        start: SourceLocation(line: 1, column: 1), end: SourceLocation(line: 1, column: 1))
}
