import CBLAS
import Glibc

/// The CPUs this process may run on, as the scheduler sees them.
///
/// `sched_getaffinity` reports the set that taskset, Slurm's task binding and cgroup cpusets
/// leave the process, which `sysconf(_SC_NPROCESSORS_ONLN)` does not: a Slurm job given one CPU
/// of a 64-core node must not size its work for 64.
public enum AffinityCPUs {
    /// How many CPUs the calling thread may run on (at least 1).
    public static func count() -> Int {
        let allowed = Int(amulet_affinity_cpus())
        if allowed > 0 { return allowed }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
