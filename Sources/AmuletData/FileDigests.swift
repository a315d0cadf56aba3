import AmuletTensor
import Foundation
import Synchronization

/// A session's memo of SHA-256 digests of raw files, keyed by path, size and modification time.
///
/// Verifying a dataset's raw files on every `load` would hash megabytes each time; a file
/// whose path, size and modification time are unchanged has the same content in practice, so
/// its digest is computed once per file state. A class because copies of a `DataFolder`
/// share one memo; a `Mutex` because shadow-model workers may load concurrently.
public final class FileDigests: Sendable {
    /// What identifies one state of a file.
    struct FileState: Hashable {
        var path: String
        var size: Int
        var modified: Double
    }

    private let storage = Mutex<(digests: [FileState: String], computed: Int)>(([:], 0))

    /// An empty memo.
    public init() {}

    /// How many digests were computed rather than recalled (for tests and benchmarks).
    public var computedCount: Int { storage.withLock { $0.computed } }

    /// The state of the file at `path` now, or nil when it cannot be read.
    static func state(of path: String) -> FileState? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue,
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return FileState(path: path, size: size, modified: modified.timeIntervalSince1970)
    }

    /// The SHA-256 hex digest of `data`, read from `path` while it was in state `before`.
    ///
    /// The digest is remembered only when the file's state after reading equals `before`, so a
    /// file rewritten during the read is never memoised under a state it did not have.
    func sha256(of data: Data, path: String, before: FileState?) -> String {
        if let before, let known = storage.withLock({ $0.digests[before] }) { return known }
        let digest = data.withUnsafeBytes { SHA256.hex(of: $0) }
        let after = FileDigests.state(of: path)
        storage.withLock {
            $0.computed += 1
            if let before, before == after { $0.digests[before] = digest }
        }
        return digest
    }
}
