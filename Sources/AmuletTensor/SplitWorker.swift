import CBLAS
import Glibc
import Synchronization

/// Runs work cut in two fixed halves, one on the calling thread and one on a helper thread:
/// large matrix products (each half a single-threaded OpenBLAS call) and element-wise passes
/// over large buffers (Adam's update).
///
/// Why not OpenBLAS's own threads (issue 12): between calls its workers wait in `sched_yield`,
/// which cost 0.35 s of system time per second of user time in `scripts/bench roofline`; and
/// their partition of a product depends on the thread count, so the same seed rounded
/// differently on machines with different core counts. Here the partition depends only on
/// the product's shape: C is cut in two at a row or column boundary (a multiple of 32), and
/// each half is computed by single-threaded OpenBLAS. Whether the helper computes one half or
/// the caller computes both (the helper is busy, or parallel workers asked for serial
/// products), the bits are the same.
///
/// The halves are claimed from a shared counter, so a helper that is slow to wake never
/// delays the caller: the caller claims the second half itself. After each half the helper
/// spins in user space for `spinNanoseconds`, yielding its core every `yieldNanoseconds`
/// (a training step's products come tens of microseconds apart), and then parks on a
/// condition variable.
///
/// Between halves the helper can run background chunks (`startBackground`): work the caller
/// needs later, such as the next DP-SGD step's noise, drawn while the caller runs the serial
/// parts of a step. Halves come first; the caller finishes whatever chunks are left.
///
/// One helper serves the process, as OpenBLAS's pool did: it is a property of the machine,
/// not of a session, and holds no state between jobs.
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

    /// The process's splitter; its helper thread starts on the first split product.
    static let shared = SplitWorker()

    /// How long the helper spins for the next product before it parks.
    static let spinNanoseconds: UInt64 = 2_000_000

    /// How often a spinning helper yields its core.
    ///
    /// When the scheduler has put the caller on the same core, a helper that never yields
    /// holds it until preempted (milliseconds), and the caller runs slower than alone. Gaps
    /// between a step's products are shorter than this, so a training step makes no system
    /// call.
    static let yieldNanoseconds: UInt64 = 100_000

    /// Products are cut at multiples of this many rows or columns (a multiple of every
    /// OpenBLAS sgemm kernel's unroll), and only products at least twice as wide are cut.
    static let alignment = 32

    // The job: written by the owning caller before `claimed` is reset, read by whoever claims
    // a half, cleared by the caller once both halves finished. `owner` admits one caller at a
    // time.
    private var job: ((Int) -> Void)?
    private let owner = Atomic<Bool>(false)
    private let claimed = Atomic<Int>(2)
    private let finished = Atomic<Int>(0)
    private let generation = Atomic<Int>(0)
    private let parked = Atomic<Bool>(false)
    private let serialScopes = Atomic<Int>(0)
    private let started = Mutex<Bool>(false)
    /// Set once the helper thread runs, so a job checks one atomic, not the lock.
    private let helperStarted = Atomic<Bool>(false)
    /// Halves the helper thread ran (for tests: proof that a split product used it).
    private let helperHalves = Atomic<Int>(0)
    /// Whether this process may run on two CPUs or more (`AffinityCPUs`).
    ///
    /// On one CPU the helper would only take turns with the
    /// caller, spinning on the core the caller needs, so both halves run on the caller; the
    /// cut is the same, and so are the bits.
    let hasSecondCPU = AffinityCPUs.count() >= 2
    // The background job: chunks of `background`, claimed one at a time from one word that
    // holds the job's chunk count (high 32 bits) and the next chunk (low 32), so a claim
    // reads both atomically and a claim between jobs (count 0) finds nothing.
    private var background: (@Sendable (Int) -> Void)?
    private let backgroundOwner = Atomic<Bool>(false)
    private let backgroundClaims = Atomic<Int>(0)
    private let backgroundFinished = Atomic<Int>(0)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    /// Whether products are split across the helper now (no serial scope is open).
    var helperEnabled: Bool { hasSecondCPU && serialScopes.load(ordering: .relaxed) == 0 }

    /// How many halves the helper thread has run since the process started.
    static var halvesRunByHelper: Int { shared.helperHalves.load(ordering: .relaxed) }

    /// Runs `body` with every split job's two halves on the calling thread.
    ///
    /// For code that trains models on several threads at once. Scopes nest and may overlap
    /// across threads.
    func withSerialProducts<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        serialScopes.add(1, ordering: .sequentiallyConsistent)
        defer { serialScopes.subtract(1, ordering: .sequentiallyConsistent) }
        return try body()
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

    /// Calls `body` on the two halves of 0..<count, one of them on the helper when it is free.
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
        shared.runHalves { half in body(half == 0 ? 0..<cut : cut..<count) }
    }

    /// Work started by `startBackground`, to be completed by `finishBackground`.
    public struct BackgroundJob: Sendable {
        fileprivate let chunks: Int
        fileprivate let body: @Sendable (Int) -> Void
        /// Whether the helper may run chunks (else the caller runs them all at the end).
        fileprivate let onHelper: Bool
    }

    /// Offers chunks 0..<chunks of `body` to the helper, to run between halves.
    ///
    /// Every chunk runs exactly once, on the helper or in `finishBackground`; the chunks must
    /// touch disjoint memory, and what they compute must not depend on which thread runs
    /// them. When the helper is off (a serial scope is open) or already holds a background
    /// job, nothing runs until `finishBackground`.
    public static func startBackground(
        chunks: Int, _ body: @escaping @Sendable (Int) -> Void
    ) -> BackgroundJob {
        let worker = shared
        guard chunks > 0, chunks < Int(UInt32.max), worker.helperEnabled,
            worker.backgroundOwner.compareExchange(
                expected: false, desired: true, ordering: .acquiring
            ).exchanged
        else { return BackgroundJob(chunks: chunks, body: body, onHelper: false) }
        worker.startHelperIfNeeded()
        worker.background = body
        worker.backgroundFinished.store(0, ordering: .relaxed)
        worker.backgroundClaims.store(chunks << 32, ordering: .sequentiallyConsistent)
        if worker.parked.load(ordering: .sequentiallyConsistent) {
            pthread_mutex_lock(worker.mutex)
            pthread_cond_signal(worker.condition)
            pthread_mutex_unlock(worker.mutex)
        }
        return BackgroundJob(chunks: chunks, body: body, onHelper: true)
    }

    /// Runs the chunks of `job` the helper has not claimed, and waits for those it has.
    public static func finishBackground(_ job: BackgroundJob) {
        guard job.onHelper else {
            for chunk in 0..<job.chunks { job.body(chunk) }
            return
        }
        let worker = shared
        while let chunk = worker.claimBackgroundChunk() {
            job.body(chunk)
            worker.backgroundFinished.add(1, ordering: .releasing)
        }
        while worker.backgroundFinished.load(ordering: .acquiring) < job.chunks {
            amulet_cpu_relax()
        }
        worker.backgroundClaims.store(0, ordering: .sequentiallyConsistent)
        worker.background = nil
        worker.backgroundOwner.store(false, ordering: .releasing)
    }

    /// Whether a background chunk is waiting to be claimed.
    ///
    /// Sequentially consistent: `park` sets `parked` then reads this, while `startBackground`
    /// stores the job then reads `parked`, so one of them sees the other's store.
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

    /// Computes both halves of a product, on the helper and this thread when it is free.
    func run(_ halves: (Half, Half)) {
        runHalves { half in
            if half == 0 { halves.0.run() } else { halves.1.run() }
        }
    }

    /// Calls `half(0)` and `half(1)`, one of them on the helper when it is free.
    ///
    /// Returns when both have returned. The two calls must touch disjoint memory.
    func runHalves(_ half: (Int) -> Void) {
        guard helperEnabled,
            owner.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            half(0)
            half(1)
            return
        }
        startHelperIfNeeded()
        withoutActuallyEscaping(half) { escapable in
            job = escapable
            finished.store(0, ordering: .relaxed)
            claimed.store(0, ordering: .releasing)
            generation.add(1, ordering: .sequentiallyConsistent)
            if parked.load(ordering: .sequentiallyConsistent) {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(condition)
                pthread_mutex_unlock(mutex)
            }
            runClaimedHalves()
            while finished.load(ordering: .acquiring) < 2 { amulet_cpu_relax() }
            job = nil
        }
        owner.store(false, ordering: .releasing)
    }

    /// Claims and runs halves of the current job until none is left; returns how many it ran.
    @discardableResult
    private func runClaimedHalves() -> Int {
        var ran = 0
        while true {
            let index = claimed.add(1, ordering: .acquiringAndReleasing).oldValue
            if index >= 2 { return ran }
            job?(index)
            finished.add(1, ordering: .releasing)
            ran += 1
        }
    }

    private func startHelperIfNeeded() {
        if helperStarted.load(ordering: .acquiring) { return }
        started.withLock { running in
            guard !running else { return }
            running = true
            let box = Unmanaged.passRetained(self)
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { argument in
                    guard let argument else { return nil }
                    let splitter = Unmanaged<SplitWorker>.fromOpaque(argument)
                        .takeRetainedValue()
                    splitter.helperLoop()
                    return nil
                }, box.toOpaque())
            if status == 0 {
                pthread_detach(thread)
                helperStarted.store(true, ordering: .releasing)
            } else {
                // No thread: the helper never claims, so every caller runs both halves itself.
                box.release()
            }
        }
    }

    /// The helper: waits for a new job (spinning, then parked), runs what it can claim.
    private func helperLoop() {
        var seen = generation.load(ordering: .sequentiallyConsistent)
        while true {
            var spins = 0
            var spinStart: UInt64 = 0
            var lastYield: UInt64 = 0
            while generation.load(ordering: .acquiring) == seen {
                if runOneBackgroundChunk() {
                    spins = 0
                    spinStart = 0
                    continue
                }
                spins += 1
                if spins & 255 == 0 {
                    let now = Self.monotonicNanoseconds()
                    if spinStart == 0 {
                        spinStart = now
                        lastYield = now
                    } else if now - spinStart > Self.spinNanoseconds {
                        park(seen: seen)
                        spins = 0
                        spinStart = 0
                    } else if now - lastYield > Self.yieldNanoseconds {
                        // Should the scheduler have put the caller on this core, let it run.
                        sched_yield()
                        lastYield = now
                    }
                }
                amulet_cpu_relax()
            }
            seen = generation.load(ordering: .acquiring)
            helperHalves.add(runClaimedHalves(), ordering: .relaxed)
        }
    }

    /// Sleeps until the generation moves past `seen`.
    private func park(seen: Int) {
        pthread_mutex_lock(mutex)
        parked.store(true, ordering: .sequentiallyConsistent)
        while generation.load(ordering: .sequentiallyConsistent) == seen, !backgroundWaiting {
            pthread_cond_wait(condition, mutex)
        }
        parked.store(false, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(mutex)
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
