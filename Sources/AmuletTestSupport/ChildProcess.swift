import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program started with `posix_spawn`, whose output goes to files, waited for and ended by PID.
///
/// Used by `SlurmCluster` instead of Foundation's `Process`, whose `waitUntilExit()` was seen
/// to hang here while other children (the daemons) were still running: a plain `waitpid` on
/// one PID cannot confuse children. Signals start unblocked and at their defaults, so the
/// daemons end on SIGTERM.
public final class ChildProcess {
    /// The process id.
    public let pid: pid_t
    private var status: Int32?

    /// Starts `path` with `arguments` in `directory`.
    ///
    /// - Parameters:
    ///   - path: The program's path.
    ///   - arguments: Its arguments, without the program name.
    ///   - environment: Its whole environment.
    ///   - directory: Its working folder.
    ///   - output: File that receives standard output (created or truncated).
    ///   - error: File that receives standard error; nil sends it to `output`.
    /// - Throws: `SlurmClusterError.commandFailed` when the program cannot be started.
    public init(
        path: String, arguments: [String], environment: [String: String], directory: String,
        output: String, error: String? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let error {
            posix_spawn_file_actions_addopen(
                &actions, 2, error, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        guard let changeDirectory = Self.addChangeDirectory else {
            throw SlurmClusterError.unavailable("posix_spawn_file_actions_addchdir_np is missing")
        }
        _ = changeDirectory(&actions, directory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SlurmClusterError.commandFailed(
                command: path, status: result, error: String(cString: strerror(result)))
        }
        self.pid = pid
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does
    /// not export, looked up by name.
    private static var addChangeDirectory:
        (
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
                -> Int32
        )?
    {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(
            symbol,
            to: (@convention(c) (
                UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
            ) -> Int32).self)
    }

    /// Whether the process has not exited yet (reaps it once it has).
    public var isRunning: Bool { exitStatus(waiting: false) == nil }

    /// The exit status (128 + signal if a signal ended it), or nil while it still runs.
    ///
    /// With `waiting` it blocks until the process ends. Once reaped, the status is kept.
    @discardableResult
    public func exitStatus(waiting: Bool) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        while true {
            let reaped = waitpid(pid, &raw, waiting ? 0 : WNOHANG)
            if reaped == pid { break }
            if reaped == 0 { return nil }
            if errno == EINTR { continue }
            // Not our child any more (already reaped elsewhere): report it as ended.
            status = -1
            return status
        }
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return status
    }

    /// Sends `signal` to this process only.
    public func send(_ signal: Int32) {
        guard status == nil else { return }
        kill(pid, signal)
    }
}
