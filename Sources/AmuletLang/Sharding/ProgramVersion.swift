import AmuletTensor
import Foundation

/// Which program ran: the SHA-256 of this process's executable.
///
/// A share's fragment carries it, and a merge refuses fragments of different programs (or of a
/// program other than its own): a changed numeric kernel changes results, and a version
/// string would not say that a build changed.
public enum ProgramVersion {
    /// The digest of `/proc/self/exe`, or "unknown" when it cannot be read.
    public static let current: String = {
        guard let data = FileManager.default.contents(atPath: "/proc/self/exe") else {
            return "unknown"
        }
        return data.withUnsafeBytes { SHA256.hex(of: $0) }
    }()
}
