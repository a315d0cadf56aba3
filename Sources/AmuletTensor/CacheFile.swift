import Foundation

/// Reading and writing one entry of an on-disk cache, shared by the model and dataset caches.
///
/// Writes go to a temporary file in the same folder and are moved into place, so a reader
/// never sees half an entry and concurrent writers of one key leave one whole file. An entry
/// that fails to decode is removed, so the next store rebuilds it.
public enum CacheFile {
    /// The decoded entry at `url`, or nil when it is absent or does not decode (then removed).
    public static func read<Value>(_ url: URL, decode: (Data) throws -> Value) -> Value? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        do {
            return try decode(data)
        } catch {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
    }

    /// Writes `data` to `url` atomically, creating its folder when missing.
    ///
    /// On any failure (a full disk mid-write, a folder that vanished) the temporary file is
    /// removed before the error is rethrown, so failed writes leave nothing behind.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) {
                try? FileManager.default.removeItem(at: url)
            }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
