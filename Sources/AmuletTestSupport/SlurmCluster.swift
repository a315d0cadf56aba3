import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real single-node Slurm cluster (MUNGE, `slurmctld`, `slurmd`) living in a temporary folder.
///
/// Made for tests that submit job arrays to an actual scheduler rather than a mock. It needs no
/// systemd and no cgroups: MUNGE runs as the munge user on a socket inside the folder (named in
/// `slurm.conf` by `AuthInfo=socket=…`, so it never meets a system `munged`), and `slurm.conf`
/// uses `ProctrackType=proctrack/linuxproc`, `TaskPlugin=task/none`,
/// `SelectType=select/cons_tres`, no accounting, free TCP ports, and state, spool and log
/// folders in the temporary folder. The node is the machine (`hostname -s`), with the CPUs
/// `slurmd -C` reports. All three daemons are child processes in the foreground; `stop()`
/// (also run on deinit) cancels the cluster's jobs and ends exactly those processes by PID.
///
/// With the cgroup plug-ins Slurm reports jobs COMPLETED with exit 0 even when nothing ran, so
/// tests should check the jobs' outputs, not their states.
///
/// Reference: Slurm 22.05 `slurm.conf(5)`, `munged(8)`; Yoo, Jette, Grondona, "SLURM: Simple
/// Linux Utility for Resource Management", JSSPP 2003.
public final class SlurmCluster {
    /// The temporary folder holding the configuration, state, logs and a `work` folder for jobs.
    public let folder: URL
    /// The node's name, the short host name.
    public let nodeName: String
    /// The environment clients need: the caller's, with `SLURM_CONF` pointing at this cluster.
    public let environment: [String: String]

    private var daemons: [(name: String, process: ChildProcess)] = []
    private var stopped = false

    /// Why a cluster cannot be started here (not root, a program missing), or nil if it can.
    public static var unavailableReason: String? {
        if geteuid() != 0 {
            return "starting MUNGE and Slurm needs root (munged runs as the munge user)"
        }
        let missing = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "setpriv"]
            .filter { executable(named: $0) == nil }
        if !missing.isEmpty {
            return "missing \(missing.joined(separator: ", ")): run scripts/setup "
                + "(apt-get install slurm-wlm munge)"
        }
        if getpwnam("munge") == nil { return "there is no munge user: reinstall munge" }
        return nil
    }

    /// The work folder inside the cluster's folder, where jobs may write.
    public var workFolder: URL { folder.appendingPathComponent("work") }

    /// Starts MUNGE, `slurmctld` and `slurmd`, and waits until `sinfo` shows the node idle.
    ///
    /// - Parameter timeout: Seconds to wait for the MUNGE socket and then for the idle node.
    /// - Returns: The running cluster; call `stop()` when done (deinit does too).
    /// - Throws: `SlurmClusterError` when it cannot run here or a daemon does not come up; the
    ///   daemons already started are stopped first.
    public static func start(timeout: Double = 60) throws -> SlurmCluster {
        if let reason = unavailableReason { throw SlurmClusterError.unavailable(reason) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-slurm-\(UUID().uuidString)")
        let cluster = try SlurmCluster(folder: folder)
        do {
            try cluster.startMunge(timeout: timeout)
            try cluster.startSlurm(timeout: timeout)
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    private init(folder: URL) throws {
        self.folder = folder
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(
            decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        nodeName = String(hostName.split(separator: ".").first ?? Substring(hostName))
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_CONF"] = folder.appendingPathComponent("slurm.conf").path
        self.environment = environment
        let manager = FileManager.default
        for name in ["state", "spool", "log", "work"] {
            try manager.createDirectory(
                at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        // The munge user must be able to reach its folders inside this one.
        try Self.setOwner(of: folder, user: nil, mode: 0o755)
    }

    deinit { stop() }

    // MARK: - Daemons

    /// MUNGE with a fresh 1024-bit key (mode 0400, owned by munge) and its socket in `run/`.
    private func startMunge(timeout: Double) throws {
        let keyFolder = folder.appendingPathComponent("munge")
        let socketFolder = folder.appendingPathComponent("run")
        let manager = FileManager.default
        try manager.createDirectory(at: keyFolder, withIntermediateDirectories: true)
        try manager.createDirectory(at: socketFolder, withIntermediateDirectories: true)
        try Self.setOwner(of: keyFolder, user: "munge", mode: 0o700)
        try Self.setOwner(of: socketFolder, user: "munge", mode: 0o755)
        let key = keyFolder.appendingPathComponent("munge.key")
        guard let random = FileHandle(forReadingAtPath: "/dev/urandom") else {
            throw SlurmClusterError.daemonFailed(name: "munged", log: "cannot read /dev/urandom")
        }
        let keyBytes = try random.read(upToCount: 128) ?? Data()
        try random.close()
        try keyBytes.write(to: key)
        try Self.setOwner(of: key, user: "munge", mode: 0o400)
        let socket = socketFolder.appendingPathComponent("munge.socket")
        try launch(
            "munged", tool: "setpriv",
            arguments: [
                "--reuid=munge", "--regid=munge", "--clear-groups",
                Self.executable(named: "munged") ?? "munged", "--foreground",
                "--socket=\(socket.path)", "--key-file=\(key.path)",
                "--log-file=\(keyFolder.appendingPathComponent("munged.log").path)",
                "--pid-file=\(keyFolder.appendingPathComponent("munged.pid").path)",
                "--seed-file=\(keyFolder.appendingPathComponent("munged.seed").path)",
            ])
        let ready = try Self.poll(timeout: timeout, every: 0.05) {
            try checkRunning()
            return manager.fileExists(atPath: socket.path)
        }
        if !ready { throw SlurmClusterError.timedOut(what: "the MUNGE socket", log: logs()) }
    }

    /// `slurm.conf`, then `slurmctld -D` and `slurmd -D`, then waits for the idle node.
    private func startSlurm(timeout: Double) throws {
        let ports = try Self.freePorts(2)
        let socket = folder.appendingPathComponent("run/munge.socket")
        let configuration = try configurationText(
            controllerPort: ports[0], nodePort: ports[1], mungeSocket: socket)
        try configuration.write(
            to: folder.appendingPathComponent("slurm.conf"), atomically: true, encoding: .utf8)
        try launch("slurmctld", tool: "slurmctld", arguments: ["-D"])
        try launch("slurmd", tool: "slurmd", arguments: ["-D", "-N", nodeName])
        let idle = try Self.poll(timeout: timeout, every: 0.1) {
            try checkRunning()
            let states = try run("sinfo", ["-h", "-N", "-n", nodeName, "-o", "%t"])
            return states.status == 0
                && states.output.trimmingCharacters(in: .whitespacesAndNewlines) == "idle"
        }
        if !idle { throw SlurmClusterError.timedOut(what: "the idle node", log: logs()) }
    }

    /// The `slurm.conf` text for this folder, node and ports.
    private func configurationText(controllerPort: Int, nodePort: Int, mungeSocket: URL) throws
        -> String
    {
        let path = folder.path
        return """
            # A single-node cluster for tests, without systemd, cgroups or accounting.
            ClusterName=amulettest
            SlurmctldHost=\(nodeName)(127.0.0.1)
            SlurmctldPort=\(controllerPort)
            SlurmdPort=\(nodePort)
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket=\(mungeSocket.path)
            SlurmUser=root
            SlurmdUser=root
            StateSaveLocation=\(path)/state
            SlurmdSpoolDir=\(path)/spool
            SlurmctldPidFile=\(path)/slurmctld.pid
            SlurmdPidFile=\(path)/slurmd.pid
            SlurmctldLogFile=\(path)/log/slurmctld.log
            SlurmdLogFile=\(path)/log/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU
            SchedulerType=sched/backfill
            AccountingStorageType=accounting_storage/none
            JobAcctGatherType=jobacct_gather/none
            JobCompType=jobcomp/none
            MpiDefault=none
            ReturnToService=2
            \(try nodeLine()) NodeAddr=127.0.0.1 State=UNKNOWN
            PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """
    }

    /// The node as `slurmd -C` sees the machine (CPUs, sockets, cores, memory), so that the
    /// configuration matches the hardware and the node is not drained.
    private func nodeLine() throws -> String {
        let probe = try run("slurmd", ["-C"])
        let first = probe.output.split(separator: "\n").first.map(String.init) ?? ""
        if probe.status == 0, first.hasPrefix("NodeName=") {
            return "NodeName=\(nodeName) "
                + first.split(separator: " ").dropFirst().joined(separator: " ")
        }
        return "NodeName=\(nodeName) CPUs=\(ProcessInfo.processInfo.activeProcessorCount)"
    }

    /// Starts `tool` as a child process whose output goes to `log/<name>.out`.
    private func launch(_ name: String, tool: String, arguments: [String]) throws {
        guard let path = Self.executable(named: tool) else {
            throw SlurmClusterError.unavailable("missing \(tool)")
        }
        let output = folder.appendingPathComponent("log/\(name).out")
        let process = try ChildProcess(
            path: path, arguments: arguments, environment: environment, directory: folder.path,
            output: output.path)
        daemons.append((name, process))
    }

    /// Throws if a daemon has already exited.
    private func checkRunning() throws {
        if let dead = daemons.first(where: { !$0.process.isRunning }) {
            throw SlurmClusterError.daemonFailed(name: dead.name, log: logs())
        }
    }

    /// Cancels this cluster's jobs and ends the daemons it started, by PID.
    ///
    /// `slurmd`, `slurmctld` and `munged` in that order get SIGTERM, and SIGKILL if still
    /// running after 10 s; then the folder is removed. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        if daemons.count == 3, daemons.allSatisfy({ $0.process.isRunning }) {
            _ = try? run("scancel", ["--user=\(Self.userName())"])
            _ = Self.poll(timeout: 10, every: 0.1) {
                (try? self.run("squeue", ["-h", "-o", "%i"]).output.isEmpty) ?? true
            }
        }
        for daemon in daemons.reversed() where daemon.process.isRunning {
            daemon.process.send(SIGTERM)
            let ended = Self.poll(timeout: 10, every: 0.05) { !daemon.process.isRunning }
            if !ended { daemon.process.send(SIGKILL) }
            daemon.process.exitStatus(waiting: true)
        }
        daemons.removeAll()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The last lines of the daemons' logs, for failure messages.
    public func logs(lines: Int = 15) -> String {
        let files = [
            "log/munged.out", "munge/munged.log", "log/slurmctld.log", "log/slurmctld.out",
            "log/slurmd.log", "log/slurmd.out",
        ]
        return files.compactMap { name -> String? in
            guard
                let text = try? String(
                    contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
                !text.isEmpty
            else { return nil }
            let tail = text.split(separator: "\n").suffix(lines).joined(separator: "\n")
            return "== \(name)\n\(tail)"
        }.joined(separator: "\n")
    }
}
