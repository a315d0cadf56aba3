import CBLAS
import Glibc
import Synchronization

/// The threads this process computes on: products and element-wise passes cut in two fixed
/// halves, and loops of independent iterations (models of a population, blocks of a sum).
///
/// Why not OpenBLAS's own threads (issue 12): between calls its workers wait in `sched_yield`,
/// which cost 0.35 s of system time per second of user time in `scripts/bench roofline`; and
/// their partition of a product depends on the thread count, so the same seed rounded
/// differently on machines with different core counts. Here the partition depends only on
/// the product's shape: C is cut in two at a row or column boundary (a multiple of 32), and
/// each half is computed by single-threaded OpenBLAS. Whether a helper computes one half or
/// the caller computes both (the helpers are busy, the pool is serial, or the process may use
/// one CPU), the bits are the same.
///
/// A pool has one helper thread per CPU the process may use beyond the first
/// (`AffinityCPUs`, which Slurm's binding and cgroup cpusets set); the serial pool has none.
/// Work is claimed from a shared counter, so a helper that is slow to wake never delays the
/// caller: the caller claims what is left itself. A helper that just ran work spins for a
/// window fitted to the gaps between its recent jobs (`SpinWindow`: up to 2 ms through a
/// training step, whose passes come microseconds apart; about 20 µs when jobs come seldom),
/// yielding its core every `yieldNanoseconds`, and then sleeps on a condition variable; an
/// idle pool and a one-CPU pool never spin. A caller waiting for a helper's part spins up to
/// `callerSpinNanoseconds`, then sleeps until it is woken.
///
/// Between jobs a helper can run background chunks (`startBackground`): work the caller
/// needs later, such as the next DP-SGD step's noise, drawn while the caller runs the serial
/// parts of a step. The caller finishes whatever chunks are left.
///
/// The pool is injected: code reads `SplitWorker.current`, a task-local value that is the
/// machine's pool unless a caller binds another (`withSerialProducts` binds the serial one).
/// Nested use is safe: work submitted while the pool is busy (a model of a population
/// training on a helper) runs whole on its own thread.
public final class SplitWorker: @unchecked Sendable {
    /// One half of a row-major product: C[rows or columns] = alpha·op(A)·op(B) + beta·C.
    struct Half {
        var m: Int32, n: Int32, k: Int32
        var alpha: Float, beta: Float
        var a: UnsafePointer<Float>?, lda: Int32, transposeA: Bool
        var b: UnsafePointer<Float>?, ldb: Int32, transposeB: Bool
        var c: UnsafeMutablePointer<Float>?, ldc: Int32

        /// Runs this half with OpenBLAS on the current thread.
        func run() {
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c,
                ldc)
        }
    }

    /// The pool sized by the CPUs this process may use; its helpers start on first use.
    public static let machine = SplitWorker(cpus: AffinityCPUs.count())

    /// A pool with no helper: everything runs on the calling thread, with the same bits.
    public static let serial = SplitWorker(cpus: 1)

    /// The pool the calling code computes on: the machine's, unless a caller bound another.
    @TaskLocal public static var current: SplitWorker = machine

    /// How long a caller spins for a helper's part before it sleeps: the parts are halves of
    /// one job, so the helper's usually ends within microseconds of the caller's.
    static let callerSpinNanoseconds: UInt64 = 2_000_000

    /// How often a spinning thread yields its core.
    ///
    /// When the scheduler has put the caller on the same core, a helper that never yields
    /// holds it until preempted (milliseconds), and the caller runs slower than alone. Gaps
    /// between a step's products are shorter than this, so a training step makes no system
    /// call.
    static let yieldNanoseconds: UInt64 = 100_000

    /// Products are cut at multiples of this many rows or columns (a multiple of every
    /// OpenBLAS sgemm kernel's unroll), and only products at least twice as wide are cut.
    static let alignment = 32

    /// The CPUs this pool computes on: its helpers and the calling thread.
    public let cpus: Int

    // The job: written by the owning caller before `claims` is set, read by whoever claims a
    // part, cleared by the caller once every part finished. `owner` admits one caller at a
    // time. Parts are claimed from one word that holds the job's part count (high 32 bits)
    // and the next part (low 32), so a claim reads both atomically, and a claim by a helper
    // that arrives after its job ended finds nothing or a part of the next job.
    private var job: ((Int) -> Void)?
    private let owner = Atomic<Bool>(false)
    private let claims = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let generation = Atomic<Int>(0)
    private let sleepingHelpers = Atomic<Int>(0)
    private let callerSleeping = Atomic<Bool>(false)
    private let started = Mutex<Bool>(false)
    /// Set once the helper threads run, so a job checks one atomic, not the lock.
    private let helpersStarted = Atomic<Bool>(false)
    /// Parts the helper threads ran (for tests: proof that a split product used them).
    private let helperParts = Atomic<Int>(0)
    /// Whether helpers add the CPU time they spend spinning to `spinCPU` (for tests).
    private let measuresSpinning: Bool
    /// CPU nanoseconds the helpers spent spinning for a job, when `measuresSpinning`.
    private let spinCPU = Atomic<Int>(0)
    // The background job: chunks of `background`, claimed one at a time from one word that
    // holds the job's chunk count (high 32 bits) and the next chunk (low 32), so a claim
    // reads both atomically and a claim between jobs (count 0) finds nothing.
    private var background: (@Sendable (Int) -> Void)?
    private let backgroundOwner = Atomic<Bool>(false)
    private let backgroundClaims = Atomic<Int>(0)
    private let backgroundFinished = Atomic<Int>(0)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let doneCondition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// A pool computing on `cpus` CPUs: the caller and `cpus − 1` helper threads.
    ///
    /// With `measuresSpinning`, helpers read their CPU clock around each spin (a system call
    /// per job), so `cpuSecondsSpinning` can show what waiting cost.
    public init(cpus: Int, measuresSpinning: Bool = false) {
        self.cpus = max(1, cpus)
        self.measuresSpinning = measuresSpinning
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        pthread_cond_init(doneCondition, nil)
    }

    /// Whether this pool has a helper thread (the process may use two CPUs or more).
    var hasHelpers: Bool { cpus >= 2 }

    /// Whether products are split across a helper now: the pool has one and is not busy.
    var helperEnabled: Bool { hasHelpers && !owner.load(ordering: .relaxed) }

    /// How many parts the current pool's helpers have run since the process started.
    static var halvesRunByHelper: Int { current.partsRunByHelpers }

    /// How many parts this pool's helpers have run.
    var partsRunByHelpers: Int { helperParts.load(ordering: .relaxed) }

    /// How many of this pool's helpers are asleep now (for tests: an idle pool spins not).
    var helpersAsleep: Int { sleepingHelpers.load(ordering: .relaxed) }

    /// CPU seconds this pool's helpers spent spinning for a job (0 unless `measuresSpinning`).
    var cpuSecondsSpinning: Double { Double(spinCPU.load(ordering: .relaxed)) / 1e9 }

    /// Runs `body` with every split job's parts on the calling thread (the serial pool).
    ///
    /// The bits do not change.
    static func withSerialProducts<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let result = $current.withValue(serial) {
            Result { () throws(E) -> T in try body() }
        }
        return try result.get()
    }

    /// The two halves of a product, or nil when it is too narrow to cut.
    static func split(
        m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>?, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>?, ldb: Int, transposeB: Bool,
        beta: Float, c: UnsafeMutablePointer<Float>?, ldc: Int
    ) -> (Half, Half)? {
        let whole = Half(
            m: Int32(m), n: Int32(n), k: Int32(k), alpha: alpha, beta: beta, a: a,
            lda: Int32(lda), transposeA: transposeA, b: b, ldb: Int32(ldb),
            transposeB: transposeB, c: c, ldc: Int32(ldc))
        let alongRows = m >= n
        let length = alongRows ? m : n
        guard length >= 2 * alignment else { return nil }
        let cut = (length / 2 + alignment / 2) / alignment * alignment
        var first = whole
        var second = whole
        if alongRows {
            first.m = Int32(cut)
            second.m = Int32(m - cut)
            // Row r of op(A) starts at a + r·lda when A is stored as is, a + r when transposed.
            second.a = a.map { $0 + (transposeA ? cut : cut * lda) }
            second.c = c.map { $0 + cut * ldc }
        } else {
            first.n = Int32(cut)
            second.n = Int32(n - cut)
            // Column j of op(B) starts at b + j when B is stored as is, b + j·ldb when transposed.
            second.b = b.map { $0 + (transposeB ? cut * ldb : cut) }
            second.c = c.map { $0 + cut }
        }
        return (first, second)
    }

    /// Calls `body` on the two halves of 0..<count, one of them on a helper when one is free.
    ///
    /// The cut is at a multiple of 8; counts below `minimumCount` run whole on this thread.
    /// For element-wise passes whose elements are independent, so the cut changes no bit.
    public static func forHalves(
        of count: Int, minimumCount: Int = 1 << 14, _ body: (Range<Int>) -> Void
    ) {
        guard count >= minimumCount, count >= 16 else {
            body(0..<count)
            return
        }
        let cut = (count / 2) & ~7
        current.runParts(2) { half in body(half == 0 ? 0..<cut : cut..<count) }
    }

    /// Calls `body(i)` for every i in 0..<iterations, on this thread and the current pool's
    /// free helpers; returns when every call has returned.
    ///
    /// The iterations must be independent (disjoint memory, results kept by index), so which
    /// thread runs which changes nothing. Inside them the pool is busy, so their own products
    /// run whole on their thread.
    public static func forEach(iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        current.runParts(iterations, body)
    }

    /// Work started by `startBackground`, to be completed by `finishBackground`.
    public struct BackgroundJob: Sendable {
        fileprivate let chunks: Int
        fileprivate let body: @Sendable (Int) -> Void
        /// The pool whose helpers may run chunks, or nil (the caller runs them all at the end).
        fileprivate let pool: SplitWorker?
    }

    /// Offers chunks 0..<chunks of `body` to the current pool's helpers, to run between jobs.
    ///
    /// Every chunk runs exactly once, on a helper or in `finishBackground`; the chunks must
    /// touch disjoint memory, and what they compute must not depend on which thread runs
    /// them. When the pool has no helper or already holds a background job, nothing runs
    /// until `finishBackground`.
    public static func startBackground(
        chunks: Int, _ body: @escaping @Sendable (Int) -> Void
    ) -> BackgroundJob {
        let pool = current
        guard chunks > 0, chunks < Int(UInt32.max), pool.helperEnabled,
            pool.backgroundOwner.compareExchange(
                expected: false, desired: true, ordering: .acquiring
            ).exchanged
        else { return BackgroundJob(chunks: chunks, body: body, pool: nil) }
        pool.startHelpersIfNeeded()
        pool.background = body
        pool.backgroundFinished.store(0, ordering: .relaxed)
        pool.backgroundClaims.store(chunks << 32, ordering: .sequentiallyConsistent)
        if pool.sleepingHelpers.load(ordering: .sequentiallyConsistent) > 0 {
            pthread_mutex_lock(pool.mutex)
            pthread_cond_signal(pool.condition)
            pthread_mutex_unlock(pool.mutex)
        }
        return BackgroundJob(chunks: chunks, body: body, pool: pool)
    }

    /// Runs the chunks of `job` no helper has claimed, and waits for those one has.
    public static func finishBackground(_ job: BackgroundJob) {
        guard let pool = job.pool else {
            for chunk in 0..<job.chunks { job.body(chunk) }
            return
        }
        while let chunk = pool.claimBackgroundChunk() {
            job.body(chunk)
            pool.backgroundFinished.add(1, ordering: .releasing)
        }
        var spins = 0
        while pool.backgroundFinished.load(ordering: .acquiring) < job.chunks {
            // A claimed chunk is one draw of noise: microseconds. Yield now and then in case
            // its helper was preempted.
            spins += 1
            if spins & 1023 == 0 { sched_yield() } else { amulet_cpu_relax() }
        }
        pool.backgroundClaims.store(0, ordering: .sequentiallyConsistent)
        pool.background = nil
        pool.backgroundOwner.store(false, ordering: .releasing)
    }

    /// Whether a background chunk is waiting to be claimed.
    ///
    /// Sequentially consistent: `sleep` counts the helper as sleeping then reads this, while
    /// `startBackground` stores the job then reads the count, so one sees the other's store.
    private var backgroundWaiting: Bool {
        let word = backgroundClaims.load(ordering: .sequentiallyConsistent)
        return word & 0xFFFF_FFFF < word >> 32
    }

    /// The next unclaimed chunk of the current background job, or nil.
    ///
    /// A chunk claimed here belongs to the job whose count the same word held, and that job
    /// cannot finish before the chunk does, so `background` is that job's body meanwhile.
    private func claimBackgroundChunk() -> Int? {
        let word = backgroundClaims.add(1, ordering: .acquiringAndReleasing).oldValue
        let chunk = word & 0xFFFF_FFFF
        return chunk < word >> 32 ? chunk : nil
    }

    /// Claims and runs one background chunk; false when none is left.
    private func runOneBackgroundChunk() -> Bool {
        guard backgroundWaiting, let chunk = claimBackgroundChunk() else { return false }
        background?(chunk)
        backgroundFinished.add(1, ordering: .releasing)
        return true
    }

    /// The fewest rows of `width` elements worth cutting in halves: 2¹⁴ elements in all, as
    /// for `forHalves` over elements.
    public static func minimumRows(width: Int) -> Int {
        max(16, (1 << 14) / max(width, 1))
    }

    /// Computes both halves of a product, on a helper and this thread when one is free.
    func run(_ halves: (Half, Half)) {
        runParts(2) { half in
            if half == 0 { halves.0.run() } else { halves.1.run() }
        }
    }

    /// Calls `part(0)` … `part(count − 1)`, some of them on helpers when the pool is free.
    ///
    /// Returns when every call has returned. The calls must touch disjoint memory. When the
    /// pool has no helper or another caller holds it, every part runs here, in order.
    func runParts(_ count: Int, _ part: (Int) -> Void) {
        guard hasHelpers, count < Int(UInt32.max),
            owner.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for index in 0..<count { part(index) }
            return
        }
        startHelpersIfNeeded()
        withoutActuallyEscaping(part) { escapable in
            job = escapable
            finished.store(0, ordering: .relaxed)
            claims.store(count << 32, ordering: .releasing)
            generation.add(1, ordering: .sequentiallyConsistent)
            let sleeping = sleepingHelpers.load(ordering: .sequentiallyConsistent)
            if sleeping > 0 {
                // Wake as many helpers as there are parts beyond the caller's first.
                pthread_mutex_lock(mutex)
                for _ in 0..<min(sleeping, count - 1) { pthread_cond_signal(condition) }
                pthread_mutex_unlock(mutex)
            }
            runClaimedParts()
            waitUntilFinished(count)
            job = nil
        }
        owner.store(false, ordering: .releasing)
    }

    /// Waits for the helpers' parts of a job of `count` parts: spins, then sleeps.
    private func waitUntilFinished(_ count: Int) {
        let start = Self.monotonicNanoseconds()
        var spins = 0
        while finished.load(ordering: .acquiring) < count {
            spins += 1
            if spins & 255 == 0,
                Self.monotonicNanoseconds() - start > Self.callerSpinNanoseconds
            {
                pthread_mutex_lock(mutex)
                callerSleeping.store(true, ordering: .sequentiallyConsistent)
                while finished.load(ordering: .sequentiallyConsistent) < count {
                    pthread_cond_wait(doneCondition, mutex)
                }
                callerSleeping.store(false, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
                return
            }
            amulet_cpu_relax()
        }
    }

    /// Claims and runs parts of the current job until none is left; returns how many it ran.
    @discardableResult
    private func runClaimedParts() -> Int {
        var ran = 0
        while true {
            let word = claims.add(1, ordering: .acquiringAndReleasing).oldValue
            let (index, count) = (word & 0xFFFF_FFFF, word >> 32)
            if index >= count { return ran }
            job?(index)
            ran += 1
            let done = finished.add(1, ordering: .sequentiallyConsistent).newValue
            if done == count, callerSleeping.load(ordering: .sequentiallyConsistent) {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(doneCondition)
                pthread_mutex_unlock(mutex)
            }
        }
    }

    private func startHelpersIfNeeded() {
        if helpersStarted.load(ordering: .acquiring) { return }
        started.withLock { running in
            guard !running else { return }
            running = true
            var any = false
            for _ in 1..<cpus {
                let box = Unmanaged.passRetained(self)
                var thread = pthread_t()
                let status = pthread_create(
                    &thread, nil,
                    { argument in
                        guard let argument else { return nil }
                        let pool = Unmanaged<SplitWorker>.fromOpaque(argument)
                            .takeRetainedValue()
                        pool.helperLoop()
                        return nil
                    }, box.toOpaque())
                if status == 0 {
                    pthread_detach(thread)
                    any = true
                } else {
                    // No thread: fewer helpers claim, and the caller runs the rest itself.
                    box.release()
                }
            }
            if any { helpersStarted.store(true, ordering: .releasing) }
        }
    }

    /// A helper: waits for a new job (spinning for its `SpinWindow` after work, then asleep),
    /// runs what it can claim.
    private func helperLoop() {
        // Generation 0 is the pool before its first job; helpers start before that job's
        // generation is published but may run later, so they look at every job since.
        var seen = 0
        var window = SpinWindow()
        var workEnded = Self.monotonicNanoseconds()
        while true {
            let spinLimit = window.nanoseconds
            var spins = 0
            var spinStart = Self.monotonicNanoseconds()
            var lastYield = spinStart
            var cpuAtStart = measuresSpinning ? Self.threadCPUNanoseconds() : 0
            var asleep = false
            while generation.load(ordering: .acquiring) == seen {
                if runOneBackgroundChunk() {
                    spins = 0
                    spinStart = Self.monotonicNanoseconds()
                    if measuresSpinning { cpuAtStart = Self.threadCPUNanoseconds() }
                    continue
                }
                spins += 1
                if spins & 255 == 0 {
                    let now = Self.monotonicNanoseconds()
                    if now - spinStart > spinLimit {
                        if measuresSpinning, !asleep {
                            spinCPU.add(
                                Int(Self.threadCPUNanoseconds() - cpuAtStart), ordering: .relaxed)
                        }
                        asleep = true
                        sleep(seen: seen)
                        spins = 0
                        spinStart = Self.monotonicNanoseconds()
                    } else if now - lastYield > Self.yieldNanoseconds {
                        // Should the scheduler have put the caller on this core, let it run.
                        sched_yield()
                        lastYield = now
                    }
                }
                amulet_cpu_relax()
            }
            if measuresSpinning, !asleep {
                spinCPU.add(Int(Self.threadCPUNanoseconds() - cpuAtStart), ordering: .relaxed)
            }
            window.observe(gap: Self.monotonicNanoseconds() - workEnded)
            seen = generation.load(ordering: .acquiring)
            helperParts.add(runClaimedParts(), ordering: .relaxed)
            workEnded = Self.monotonicNanoseconds()
        }
    }

    /// Sleeps until the generation moves past `seen` or a background chunk waits.
    private func sleep(seen: Int) {
        pthread_mutex_lock(mutex)
        sleepingHelpers.add(1, ordering: .sequentiallyConsistent)
        while generation.load(ordering: .sequentiallyConsistent) == seen, !backgroundWaiting {
            pthread_cond_wait(condition, mutex)
        }
        sleepingHelpers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(mutex)
    }

    /// CPU time the calling thread has used, in nanoseconds.
    private static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
