import AmuletLearn
import Foundation
import Synchronization

/// Shows progress on stderr: a one-line bar redrawn in place on a terminal; on anything else
/// (a file, a CI log) a plain line every few seconds, so a long run redirected to a file
/// still says what it is doing and how long is left.
final class ProgressBar: Sendable {
    /// How progress is shown.
    enum Mode: Sendable, Equatable {
        /// A bar redrawn in place (stderr is a terminal).
        case terminal
        /// A line at most every `seconds`, the first after `seconds` of work.
        case lines(every: Double)
        /// Nothing.
        case off
    }

    private let mode: Mode
    /// When the last bar or line was written (uptime nanoseconds); for lines it starts at
    /// creation, so short runs print none.
    private let lastDraw: Mutex<UInt64>
    /// Whether a bar is on the screen, so `clear` erases only what was drawn.
    private let visible = Mutex(false)

    /// Progress shown in `mode`.
    init(mode: Mode) {
        self.mode = mode
        lastDraw = Mutex(DispatchTime.now().uptimeNanoseconds)
    }

    /// A bar when stderr is a terminal, else a line every `AMULET_PROGRESS_SECONDS` seconds
    /// (default 5; 0 turns the lines off).
    convenience init(stderrIsTerminal: Bool, environment: [String: String]) {
        guard !stderrIsTerminal else {
            self.init(mode: .terminal)
            return
        }
        let seconds = environment["AMULET_PROGRESS_SECONDS"].flatMap(Double.init) ?? 5
        self.init(mode: seconds > 0 && seconds.isFinite ? .lines(every: seconds) : .off)
    }

    /// Shows `update`: a bar at most every 50 ms (always at completion), or a line when the
    /// interval has passed.
    func report(_ update: ProgressUpdate) {
        guard update.total > 0 else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let done = update.completed >= update.total
        switch mode {
        case .off:
            return
        case .terminal:
            let shouldDraw = lastDraw.withLock { last -> Bool in
                if !done && now &- last < 50_000_000 { return false }
                last = now
                return true
            }
            guard shouldDraw else { return }
            let width = 24
            let filled = min(width, width * update.completed / update.total)
            let bar =
                String(repeating: "█", count: filled)
                + String(repeating: "░", count: width - filled)
            let line =
                "\r\u{1B}[2K\(bar) \(update.completed)/\(update.total) \(update.stage) "
                + update.detail
            visible.withLock { $0 = true }
            FileHandle.standardError.write(Data(line.utf8))
        case .lines(let every):
            let interval = UInt64(every * 1e9)
            let shouldWrite = lastDraw.withLock { last -> Bool in
                if now &- last < interval { return false }
                last = now
                return true
            }
            guard shouldWrite else { return }
            FileHandle.standardError.write(Data(Self.line(update).utf8))
        }
    }

    /// A progress line for a log: `progress: 3/18 [2/18 models · ETA ~40 s] training …`.
    static func line(_ update: ProgressUpdate) -> String {
        let detail = update.detail.isEmpty ? "" : " " + update.detail
        return "progress: \(update.completed)/\(update.total) \(update.stage)\(detail)\n"
    }

    /// Erases the bar line if one is drawn (a terminal only: lines stay in the log).
    func clear() {
        guard mode == .terminal else { return }
        let drawn = visible.withLock { shown -> Bool in
            defer { shown = false }
            return shown
        }
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
