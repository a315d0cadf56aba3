import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The width tables and wrapped text may take on this terminal.
enum TerminalSize {
    /// Columns of the terminal on stdout, else `COLUMNS` from the environment, else nil (no
    /// limit: a file or pipe gets whole lines).
    static func columns(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int? {
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
            size.ws_col > 0
        {
            return Int(size.ws_col)
        }
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 {
            return columns
        }
        return nil
    }
}
