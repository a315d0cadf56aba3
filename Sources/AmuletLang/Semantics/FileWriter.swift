import Foundation
import Glibc

/// Writes the files `save`, `export` and `report` produce, after checking the target.
///
/// The text is written atomically (to a temporary file that then replaces the target), which
/// needs only a writable folder: on its own it would replace a read-only file, and it fails
/// on a folder with an opaque Foundation error. So an existing target must be a regular file
/// with a write permission bit set (even for root, who may write anything) that `access(2)`
/// agrees is writable, and a folder is named as one, with a file name to use instead.
enum FileWriter {
    /// Writes `text` to the absolute path `resolved`, creating its folder when only that one
    /// level is missing (as `mkdir` would).
    ///
    /// - Parameters:
    ///   - text: The file's new contents.
    ///   - resolved: The absolute path to write.
    ///   - path: The path as the user wrote it, for messages.
    ///   - range: Where the path was written, for diagnostics.
    /// - Throws: An `.io` diagnostic at `range` when the target is a folder, not a regular
    ///   file or read-only, when its folder's own folder does not exist, or when writing fails.
    static func write(
        _ text: String, to resolved: String, shownAs path: String, range: SourceRange
    ) throws(Diagnostic) {
        try write(data: Data(text.utf8), to: resolved, shownAs: path, range: range)
    }

    /// Writes `data` to the absolute path `resolved`, as `write(_:to:shownAs:range:)` does.
    static func write(
        data: Data, to resolved: String, shownAs path: String, range: SourceRange
    ) throws(Diagnostic) {
        try checkTarget(resolved, shownAs: path, range: range)
        let url = URL(fileURLWithPath: resolved)
        do {
            let folder = url.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: folder.path) {
                try FileManager.default.createDirectory(
                    at: folder, withIntermediateDirectories: false)
            }
            try data.write(to: url, options: .atomic)
        } catch {
            throw Diagnostic(
                .io, "cannot write '\(path)': \(error.localizedDescription)", range: range)
        }
    }

    /// Fails when `path` holds a control character, or `resolved` is a folder, is not a
    /// regular file, is a read-only file, or lies in a folder whose own folder does not exist.
    ///
    /// One missing level is created on write (`report out/x.html` makes `out`), but a deeper
    /// missing path is refused rather than created: a typo in it
    /// (`report /nonexistent/dir/x.html`) must not leave a tree of new folders behind.
    static func checkTarget(
        _ resolved: String, shownAs path: String, range: SourceRange
    ) throws(Diagnostic) {
        // A name with a tab or an escape is hard to see, type or delete: refuse it.
        if path.unicodeScalars.contains(where: OutputPath.isControl) {
            throw Diagnostic(
                .io, "'\(OutputPath.shown(path))' contains a control character; give another name",
                range: range)
        }
        var status = stat()
        let isFolder =
            path.hasSuffix("/")
            || (stat(resolved, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR)
        if isFolder {
            throw Diagnostic(
                .io, "'\(path)' is a folder; give a file name such as \(example(inFolder: path))",
                range: range)
        }
        let folderURL = URL(fileURLWithPath: resolved).deletingLastPathComponent()
        var folderStatus = stat()
        let folderExists = stat(folderURL.path, &folderStatus) == 0
        let parentExists =
            stat(folderURL.deletingLastPathComponent().path, &folderStatus) == 0
            && (folderStatus.st_mode & S_IFMT) == S_IFDIR
        guard folderExists || parentExists else {
            let shownFolder =
                path.lastIndex(of: "/").map { String(path[..<$0]) } ?? folderURL.path
            throw Diagnostic(
                .io,
                "cannot write '\(OutputPath.shown(path))': there is no folder "
                    + "'\(OutputPath.shown(shownFolder))'",
                range: range,
                suggestion: "create it first (mkdir -p \(shownFolder)) or write elsewhere")
        }
        guard stat(resolved, &status) == 0 else { return }  // A new file.
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw Diagnostic(
                .io, "'\(path)' is not a regular file; give another name", range: range)
        }
        // Root passes access(W_OK) for any file, so the mode bits are checked as well.
        let hasWriteBit = (status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) != 0
        if !hasWriteBit || access(resolved, W_OK) != 0 {
            throw Diagnostic(
                .io, "'\(path)' is read-only; write to another name or make it writable",
                range: range)
        }
    }

    /// A file path inside the folder `path`, keeping its extension: `out.csv/results.csv`.
    static func example(inFolder path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let pathExtension = URL(fileURLWithPath: trimmed).pathExtension
        return "\(trimmed)/results.\(pathExtension.isEmpty ? "csv" : pathExtension)"
    }
}
