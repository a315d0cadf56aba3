import Foundation
import Glibc

/// Reads a script's text from a path or a file descriptor, refusing what is not a script.
///
/// A script is UTF-8 text of at most `maximumSize` bytes. The reader stops after
/// `maximumSize + 1` bytes, and checks for NUL and invalid UTF-8 before decoding, so handing
/// it a large binary costs little memory; decoding such a file and lexing every byte of it
/// would take hundreds of megabytes. It reads with `read(2)`, so empty files, `/dev/null`
/// and pipes work as well as regular files.
public enum SourceFileReader {
    /// The largest script accepted, in bytes: 16 MiB.
    public static let maximumSize = 16 << 20

    /// Why a script could not be read.
    public enum Failure: Error, Sendable, Equatable {
        /// Nothing exists at the path.
        case missing
        /// The path names a folder.
        case folder
        /// The file exists but cannot be opened or read; the system's reason.
        case unreadable(String)
        /// The file is larger than `maximumSize` bytes.
        case tooLarge
        /// The file has a NUL byte or is not valid UTF-8: a binary file, not a script.
        case notText

        /// A sentence about `path`, such as `cannot read 'x.amu': no such file`.
        public func message(path: String) -> String {
            switch self {
            case .missing: return "cannot read '\(path)': no such file"
            case .folder: return "cannot read '\(path)': it is a folder, not a script"
            case .unreadable(let reason): return "cannot read '\(path)': \(reason)"
            case .tooLarge:
                return "cannot read '\(path)': it is larger than \(maximumSize >> 20) MB,"
                    + " too large for a script"
            case .notText:
                return "cannot read '\(path)': it is not a text file (it has NUL bytes"
                    + " or is not UTF-8)"
            }
        }
    }

    /// The text of the file at `path`.
    public static func read(atPath path: String) throws(Failure) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw .folder }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        return try read(fileDescriptor: descriptor)
    }

    /// The text readable from `descriptor` up to its end (the descriptor is not closed).
    public static func read(fileDescriptor descriptor: Int32) throws(Failure) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= maximumSize {
            let count = chunk.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EISDIR { throw .folder }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            if chunk[0..<count].contains(0) { throw .notText }
            bytes += chunk[0..<count]
        }
        if bytes.count > maximumSize { throw .tooLarge }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notText }
        return text
    }
}

extension SourceFileReader {
    /// The text of the script at `resolved`, or an I/O diagnostic at `range` naming `path`.
    static func text(
        atPath resolved: String, shownAs path: String, range: SourceRange
    ) throws(Diagnostic) -> String {
        do {
            return try read(atPath: resolved)
        } catch {
            throw Diagnostic(.io, error.message(path: path), range: range)
        }
    }
}
