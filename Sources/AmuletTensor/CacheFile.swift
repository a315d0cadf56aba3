import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reading and writing one entry of an on-disk cache, shared by the model and dataset caches
/// and the shard fragments.
///
/// Writes go to a temporary file in the same folder and are renamed into place (`rename(2)`
/// replaces the old entry atomically), so a reader never sees half an entry and concurrent
/// writers of one key leave one whole file. An entry that fails to decode is removed, so the
/// next store rebuilds it.
public enum CacheFile {
    /// What puts bytes in a file: the real `Data.write`, or a test's writer that fails part
    /// way as a full disk does.
    public typealias Writer = @Sendable (_ data: Data, _ url: URL) throws -> Void

    /// Writes `data` to `url` with `Data.write` (not atomic: `write` supplies the atomicity).
    public static let plainWriter: Writer = { data, url in try data.write(to: url) }

    /// The decoded entry at `url`, or nil when it is absent or does not decode (then removed).
    ///
    /// An unreadable entry is a miss, not an error: the caller computes the value again.
    public static func read<Value>(_ url: URL, decode: (Data) throws -> Value) -> Value? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        do {
            return try decode(data)
        } catch {
            // Best effort: if the damaged entry cannot be removed, the next store replaces it.
            try? FileManager.default.removeItem(at: url)
            return nil
        }
    }

    /// Writes `data` to `url` atomically with `writer`, creating its folder when missing.
    ///
    /// On every failure (a full disk mid-write, a read-only or vanished folder, a failed
    /// rename) the temporary file is removed before the error is rethrown, so failed writes
    /// leave nothing behind.
    public static func write(_ data: Data, to url: URL, writer: Writer = plainWriter) throws {
        let directory = url.deletingLastPathComponent()
        try createFolder(directory)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try writer(data, temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw systemError(errno, "cannot rename into \(url.lastPathComponent): ")
            }
        } catch {
            removeTemporary(temporary)
            throw error
        }
    }

    /// Creates `folder` and its missing parents, as `mkdir -p` does.
    ///
    /// Foundation's `createDirectory` on Linux reports every failure as "NSCocoaErrorDomain
    /// error 512"; `mkdir(2)` says which ("Not a directory", "Permission denied", "Read-only
    /// file system"), and that is what the cell's warning repeats.
    static func createFolder(_ folder: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
            isFolder.boolValue
        {
            return
        }
        let parent = folder.deletingLastPathComponent()
        if parent.path != folder.path && parent.path != "/" { try createFolder(parent) }
        guard mkdir(folder.path, 0o777) != 0 else { return }
        let code = errno
        // Made meanwhile by another writer is fine; a file in the way is "Not a directory".
        guard code == EEXIST,
            FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
            isFolder.boolValue
        else {
            throw systemError(code == EEXIST ? ENOTDIR : code)
        }
    }

    /// An error whose description is `prefix` and the system's words for `code`.
    static func systemError(_ code: Int32, _ prefix: String = "") -> NSError {
        NSError(
            domain: NSPOSIXErrorDomain, code: Int(code),
            userInfo: [NSLocalizedDescriptionKey: prefix + String(cString: strerror(code))])
    }

    /// Removes a temporary file a failed write left (none may exist: the writer may have
    /// failed before creating it).
    static func removeTemporary(_ url: URL) {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        // unlink(2) needs only write permission on the folder, which creating the file took.
        unlink(url.path)
    }
}
