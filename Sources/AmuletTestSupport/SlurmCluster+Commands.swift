import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished command printed, and its exit status.
public struct CommandResult: Sendable {
    /// The exit status.
    public let status: Int32
    /// Standard output.
    public let output: String
    /// Standard error.
    public let error: String
}

/// A job in the queue, as `squeue` shows it.
public struct QueuedJob: Sendable, Equatable {
    /// The job id, with `_task` or `_[range]` for array tasks (`12_3`, `12_[1-3]`).
    public let id: String
    /// The state, such as PENDING, RUNNING or COMPLETING.
    public let state: String
    /// Why it is pending (`Dependency`, `DependencyNeverSatisfied`, `None`…).
    public let reason: String

    /// Whether this entry belongs to job `jobID` (the job itself or one of its array tasks).
    public func belongs(to jobID: String) -> Bool {
        id == jobID || id.hasPrefix(jobID + "_")
    }
}

extension SlurmCluster {
    /// Runs `tool` (a Slurm client, or any path) with this cluster's environment and waits.
    ///
    /// - Parameters:
    ///   - tool: A program name looked up on PATH and in the sbin folders, or a path.
    ///   - arguments: Its arguments.
    ///   - directory: Its working folder (default: the cluster's work folder).
    ///   - extraEnvironment: Variables added to the cluster's environment.
    /// - Returns: Its exit status and what it printed.
    /// - Throws: `SlurmClusterError` when the program is missing or cannot start.
    public func run(
        _ tool: String, _ arguments: [String], in directory: URL? = nil,
        extraEnvironment: [String: String] = [:]
    ) throws -> CommandResult {
        guard let path = tool.contains("/") ? tool : Self.executable(named: tool) else {
            throw SlurmClusterError.unavailable("missing \(tool)")
        }
        // Files rather than pipes: a chatty program cannot block on a full pipe.
        let id = UUID().uuidString
        let outputFile = folder.appendingPathComponent("log/cmd-\(id).out")
        let errorFile = folder.appendingPathComponent("log/cmd-\(id).err")
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        let process = try ChildProcess(
            path: path, arguments: arguments,
            environment: environment.merging(extraEnvironment) { $1 },
            directory: (directory ?? workFolder).path, output: outputFile.path,
            error: errorFile.path)
        let status = process.exitStatus(waiting: true) ?? -1
        return CommandResult(
            status: status,
            output: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
            error: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }

    /// Submits a batch job with `sbatch --parsable` and returns its job id.
    /// - Throws: `SlurmClusterError.commandFailed` when sbatch refuses it.
    public func submit(_ arguments: [String], in directory: URL? = nil) throws -> String {
        let result = try run("sbatch", ["--parsable"] + arguments, in: directory)
        let id = result.output.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard result.status == 0, let id, !id.isEmpty else {
            throw SlurmClusterError.commandFailed(
                command: "sbatch", status: result.status, error: result.error)
        }
        return id
    }

    /// The jobs still in the queue (pending, running, completing).
    public func queue() throws -> [QueuedJob] {
        let result = try run("squeue", ["-h", "-o", "%i|%T|%r"])
        guard result.status == 0 else {
            throw SlurmClusterError.commandFailed(
                command: "squeue", status: result.status, error: result.error)
        }
        return result.output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(
                String.init)
            guard fields.count == 3 else { return nil }
            return QueuedJob(id: fields[0], state: fields[1], reason: fields[2])
        }
    }

    /// Calls `condition` every `every` seconds until it holds or `timeout` seconds pass.
    /// - Returns: Whether the condition held in time.
    public static func poll(timeout: Double, every: Double, _ condition: () throws -> Bool)
        rethrows -> Bool
    {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: every)
        }
    }

    /// The path of program `name` on PATH or in the usual bin and sbin folders.
    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders =
            path.split(separator: ":").map(String.init)
            + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        return folders.map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Gives `url` to `user` (nil: leave the owner) with permission bits `mode`.
    static func setOwner(of url: URL, user: String?, mode: mode_t) throws {
        if let user {
            guard let entry = getpwnam(user) else {
                throw SlurmClusterError.permissions(path: url.path, reason: "no user \(user)")
            }
            guard chown(url.path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
                throw SlurmClusterError.permissions(
                    path: url.path, reason: String(cString: strerror(errno)))
            }
        }
        guard chmod(url.path, mode) == 0 else {
            throw SlurmClusterError.permissions(
                path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// The name of the user running this process.
    static func userName() -> String {
        guard let entry = getpwuid(geteuid()) else { return "root" }
        return String(cString: entry.pointee.pw_name)
    }

    /// `count` distinct TCP ports free at the moment, from the kernel (bind to port 0).
    static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { for descriptor in sockets { close(descriptor) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else {
                throw SlurmClusterError.unavailable("socket(): \(String(cString: strerror(errno)))")
            }
            sockets.append(descriptor)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = INADDR_ANY
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
                }
            }
            guard bound else {
                throw SlurmClusterError.unavailable("bind(): \(String(cString: strerror(errno)))")
            }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }
}
