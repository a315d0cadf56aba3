import AmuletLearn
import Foundation
import Synchronization

/// Draws a one-line progress bar on stderr when stderr is a terminal; silent otherwise.
final class ProgressBar: Sendable {
    private let enabled: Bool
    private let lastDraw = Mutex<UInt64>(0)

    /// A bar that draws only when `enabled` (stderr is a TTY).
    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Redraws the bar for `update` (at most every 50 ms, always at completion).
    func report(_ update: ProgressUpdate) {
        guard enabled, update.total > 0 else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let done = update.completed >= update.total
        let shouldDraw = lastDraw.withLock { last -> Bool in
            if !done && now - last < 50_000_000 { return false }
            last = now
            return true
        }
        guard shouldDraw else { return }
        let width = 24
        let filled = min(width, width * update.completed / update.total)
        let bar =
            String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line =
            "\r\u{1B}[2K\(bar) \(update.completed)/\(update.total) \(update.stage) \(update.detail)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Erases the bar line.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
