import Foundation
import Synchronization

/// Runs the release `amulet` binary for end-to-end tests and collects what it wrote.
///
/// Standard input is empty; standard output and standard error are read at the same time (one
/// on another thread), so a process that fills one pipe while the test waits on the other
/// cannot stall.
public enum AmuletProcess {
    /// What one run of the binary left: its exit status and both output streams.
    public struct Outcome: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output, as UTF-8.
        public var output: String
        /// Standard error, as UTF-8.
        public var error: String
    }

    /// Why the binary could not run.
    public enum Failure: Error, CustomStringConvertible {
        /// The release binary is not built.
        case missingBinary(String)

        /// What to do about it.
        public var description: String {
            switch self {
            case .missingBinary(let path):
                "no binary at \(path): build it first with swift build -c release --product amulet"
            }
        }
    }

    /// The release binary of the package holding the calling test file.
    public static func binary(file: String = #filePath) -> URL {
        TestSupport.packageRoot(file: file).appendingPathComponent(".build/release/amulet")
    }

    /// Runs the binary with `arguments` in `folder` (created if missing).
    public static func run(
        _ arguments: [String], in folder: URL, file: String = #filePath
    ) throws -> Outcome {
        let binary = binary(file: file)
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Failure.missingBinary(binary.path)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let errorData = Mutex(Data())
        let reading = DispatchGroup()
        let errorHandle = error.fileHandleForReading
        DispatchQueue.global().async(group: reading) {
            let data = errorHandle.readDataToEndOfFile()
            errorData.withLock { $0 = data }
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
    }
}
