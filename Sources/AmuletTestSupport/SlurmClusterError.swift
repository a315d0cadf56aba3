/// Why a `SlurmCluster` could not start or a command against it failed.
public enum SlurmClusterError: Error, CustomStringConvertible {
    /// The cluster cannot run on this machine (not root, a program missing).
    case unavailable(String)
    /// A daemon exited early; `log` holds the ends of the logs.
    case daemonFailed(name: String, log: String)
    /// Something did not happen in time; `log` holds the ends of the logs.
    case timedOut(what: String, log: String)
    /// A file or folder could not be given its owner or mode.
    case permissions(path: String, reason: String)
    /// A client command (sbatch, squeue…) failed.
    case commandFailed(command: String, status: Int32, error: String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "Slurm is unavailable: \(reason)"
        case .daemonFailed(let name, let log): "\(name) exited early\n\(log)"
        case .timedOut(let what, let log): "timed out waiting for \(what)\n\(log)"
        case .permissions(let path, let reason): "cannot set up \(path): \(reason)"
        case .commandFailed(let command, let status, let error):
            "\(command) exited with status \(status): \(error)"
        }
    }
}
