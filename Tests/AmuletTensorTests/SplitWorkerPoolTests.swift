import Foundation
import Glibc
import Synchronization
import Testing

@testable import AmuletTensor

/// The pool as a scheduler: loops of independent iterations, injection, and threads that sleep
/// rather than spin when there is nothing to do.
@Suite struct SplitWorkerPoolTests {
    /// CPU time the calling thread has used, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test(arguments: [1, 2, 3, 17, 1000])
    func forEachRunsEveryIterationExactlyOnce(iterations: Int) {
        let pool = SplitWorker(cpus: 2)
        let counts = Mutex([Int](repeating: 0, count: iterations))
        SplitWorker.$current.withValue(pool) {
            SplitWorker.forEach(iterations: iterations) { i in counts.withLock { $0[i] += 1 } }
        }
        #expect(counts.withLock { $0 } == [Int](repeating: 1, count: iterations))
    }

    @Test func aBoundPoolRunsTheProductsAndItsHelperTakesParts() {
        let pool = SplitWorker(cpus: 2)
        let a = SplitWorkerTests.random(rows: 256, cols: 128, seed: 7)
        let b = SplitWorkerTests.random(rows: 128, cols: 256, seed: 8)
        let serial = BLASThreads.withSerialProducts { Matrix.multiply(a, b) }
        var c = Matrix(rows: 0, cols: 0)
        var products = 0
        SplitWorker.$current.withValue(pool) {
            // Until the helper has run a part (it may be slow to wake on a busy machine).
            while products < 20 || (pool.partsRunByHelpers == 0 && products < 20_000) {
                Matrix.gemm(a, b, into: &c)
                #expect(c.storage == serial.storage)
                products += 1
            }
        }
        #expect(pool.partsRunByHelpers > 0, "the bound pool's helper never ran a part")
    }

    @Test func theSerialPoolStartsNoThreadAndGivesTheSameBits() {
        let a = SplitWorkerTests.random(rows: 300, cols: 90, seed: 9)
        let b = SplitWorkerTests.random(rows: 90, cols: 200, seed: 10)
        let split = SplitWorker.$current.withValue(SplitWorker(cpus: 2)) { Matrix.multiply(a, b) }
        let one = SplitWorker(cpus: 1)
        let whole = SplitWorker.$current.withValue(one) { Matrix.multiply(a, b) }
        #expect(split.storage == whole.storage)
        #expect(one.partsRunByHelpers == 0 && !one.hasHelpers)
        #expect(BLASThreads.withSerialProducts { BLASThreads.current } == 1)
    }

    @Test func anIdleHelperSleepsInsteadOfSpinning() {
        let pool = SplitWorker(cpus: 2)
        SplitWorker.$current.withValue(pool) {
            SplitWorker.forEach(iterations: 8) { _ in }
        }
        // The helper spins for at most `SpinWindow.limit` (2 ms) after work, then sleeps.
        let deadline = Date().addingTimeInterval(5)
        while pool.helpersAsleep < 1 && Date() < deadline { usleep(1000) }
        #expect(pool.helpersAsleep == 1)
    }

    @Test func theSpinWindowFollowsTheGapsBetweenJobs() {
        var window = SpinWindow()
        #expect(window.nanoseconds == 20_000, "before any job: the floor")
        // A training step: passes 10 µs apart and one 300 µs gap for its serial parts.
        for step in 0..<20 {
            for _ in 0..<24 { window.observe(gap: 10_000) }
            if step > 0 {
                // Before the long gap: 300 µs decayed over 24 short gaps, 300 · (49/50)^24 ≈
                // 185 µs, times 4 covers it, so the helper stays awake through the step.
                #expect(window.nanoseconds > 700_000 && window.nanoseconds < 760_000)
            }
            window.observe(gap: 300_000)
        }
        #expect(window.nanoseconds == 1_200_000, "right after the long gap: 4 · 300 µs")
        // Jobs a second apart: each gap halves the estimate, down to the floor.
        for _ in 0..<12 { window.observe(gap: 1_000_000_000) }
        #expect(window.nanoseconds == 20_000)
        // Gaps of 1.5 ms: the window stops at its limit.
        window.observe(gap: 1_500_000)
        #expect(window.nanoseconds == 2_000_000)
    }

    @Test func jobsThatComeSeldomCostTheHelperLittleSpinning() {
        let pool = SplitWorker(cpus: 2, measuresSpinning: true)
        let jobs = 30
        SplitWorker.$current.withValue(pool) {
            for _ in 0..<jobs {
                SplitWorker.forEach(iterations: 2) { _ in }
                usleep(5_000)
            }
        }
        // A fixed 2 ms spin after each job costs 30 · 2 ms = 60 ms of CPU; the window shrinks
        // to 20 µs after a few 5 ms gaps, so the helper spins about 1 ms in all.
        #expect(
            pool.cpuSecondsSpinning < 0.015,
            "the helper spun \(pool.cpuSecondsSpinning) s of CPU for \(jobs) jobs 5 ms apart")
    }

    @Test func aCallerWaitingForALongPartSleeps() {
        let pool = SplitWorker(cpus: 2)
        let caller = pthread_self()
        let started = Atomic<Int>(0)
        let before = Self.threadCPUSeconds()
        let wall = Date()
        SplitWorker.$current.withValue(pool) {
            SplitWorker.forEach(iterations: 2) { _ in
                started.add(1, ordering: .relaxed)
                if pthread_equal(pthread_self(), caller) != 0 {
                    // Leave the other part to the helper: wait (asleep) until it has started.
                    let limit = Date().addingTimeInterval(5)
                    while started.load(ordering: .relaxed) < 2 && Date() < limit { usleep(1000) }
                } else {
                    usleep(200_000)
                }
            }
        }
        let waited = Date().timeIntervalSince(wall)
        let used = Self.threadCPUSeconds() - before
        #expect(waited >= 0.19, "the helper's part took \(waited) s")
        // The caller waited about 0.2 s for the helper; spinning would have used all of it.
        #expect(used < 0.05, "the waiting caller used \(used) s of CPU in \(waited) s")
    }
}
