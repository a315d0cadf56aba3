/// How long a pool's helper that finished its work spins for the next job before it sleeps.
///
/// Spinning pays when the next job comes sooner than a sleeping thread wakes: a wake-up takes
/// tens of microseconds, during which the caller runs the helper's part itself. It wastes a CPU
/// (on a shared Slurm node, one a neighbour paid for) when no job comes. So the window follows
/// the gaps this helper saw between the end of its work and the next job: a decaying maximum
/// g of the recent gaps short enough to spin through, and
///
///     window = min(limit, max(floor, margin · g)),   g ← max(gap, g · 49/50) per job,
///
/// while a gap longer than `limit` (no job came within the longest spin) halves g. A training
/// step's passes, microseconds apart with one longer gap per step for its serial parts, keep
/// the helper awake through the step; jobs seconds apart (a REPL, one evaluation per epoch)
/// shrink the window to `floor` within a few jobs, and the helper sleeps almost at once.
struct SpinWindow: Equatable {
    /// The longest spin: 2 ms, measured with `scripts/bench scaling products` as enough to
    /// stay awake through an mlp step on 16 features (0.2 ms fixed cost 2.9 → 5.4 µs per row).
    static let limit: UInt64 = 2_000_000
    /// The shortest spin, about a wake-up's latency.
    static let floor: UInt64 = 20_000
    /// How many times the recent gap the window covers.
    static let margin: UInt64 = 4

    /// The decaying maximum of recent gaps no longer than `limit`, in nanoseconds.
    private(set) var recentGap: UInt64 = 0

    /// How long to spin now, in nanoseconds.
    var nanoseconds: UInt64 { min(Self.limit, max(Self.floor, recentGap * Self.margin)) }

    /// Takes in the gap between the end of the helper's last work and the next job.
    mutating func observe(gap: UInt64) {
        if gap <= Self.limit {
            recentGap = max(gap, recentGap - recentGap / 50)
        } else {
            recentGap /= 2
        }
    }
}
