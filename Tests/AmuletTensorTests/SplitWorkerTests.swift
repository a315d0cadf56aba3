import Dispatch
import Foundation
import Synchronization
import Testing

@testable import AmuletTensor

/// Products cut in two fixed halves: the values of a double-precision triple loop, the same
/// bits on one thread or two, and from several threads at once.
@Suite struct SplitWorkerTests {
    /// Row-major op(A)·op(B) in double precision, the reference.
    static func reference(
        _ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool
    ) -> [Double] {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let n = transposeB ? b.rows : b.cols
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p, i] : a[i, p]
                    let y = transposeB ? b[j, p] : b[p, j]
                    sum += Double(x) * Double(y)
                }
                c[i * n + j] = sum
            }
        }
        return c
    }

    static func random(rows: Int, cols: Int, seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        var m = Matrix(rows: rows, cols: cols)
        for i in m.storage.indices { m.storage[i] = rng.uniformFloat() * 2 - 1 }
        return m
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func splitProductsMatchATripleLoopForEveryTranspose(transposeA: Bool, transposeB: Bool) {
        // Tall (cut along rows) and wide (cut along columns), with ragged halves.
        for (m, n, k) in [(197, 70, 83), (66, 301, 129)] {
            let a = Self.random(rows: transposeA ? k : m, cols: transposeA ? m : k, seed: 1)
            let b = Self.random(rows: transposeB ? n : k, cols: transposeB ? k : n, seed: 2)
            #expect(m * n * k >= BLASThreads.splitThreshold)
            #expect(
                SplitWorker.split(
                    m: m, n: n, k: k, alpha: 1, a: nil, lda: 1, transposeA: transposeA, b: nil,
                    ldb: 1, transposeB: transposeB, beta: 0, c: nil, ldc: 1) != nil)
            var c = Matrix(rows: 0, cols: 0)
            Matrix.gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
            let expected = Self.reference(a, transposeA: transposeA, b, transposeB: transposeB)
            let worst = zip(c.storage, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(worst < 1e-4, "m \(m) n \(n) k \(k): largest error \(worst)")
        }
    }

    @Test func accumulatingIntoCKeepsBetaTimesTheOldValues() {
        let a = Self.random(rows: 128, cols: 40, seed: 3)
        let b = Self.random(rows: 40, cols: 96, seed: 4)
        var c = Matrix(rows: 128, cols: 96, repeating: 1)
        Matrix.gemm(a, b, alpha: 2, beta: 0.5, into: &c)
        let product = Self.reference(a, transposeA: false, b, transposeB: false)
        let worst = zip(c.storage, product).map { abs(Double($0) - (2 * $1 + 0.5)) }.max() ?? 1
        #expect(worst < 1e-4)
    }

    @Test func cutsFallOnMultiplesOf32AndNarrowProductsStayWhole() throws {
        let halves = try #require(
            SplitWorker.split(
                m: 100, n: 10, k: 5, alpha: 1, a: nil, lda: 5, transposeA: false, b: nil,
                ldb: 10, transposeB: false, beta: 0, c: nil, ldc: 10))
        #expect(halves.0.m == 64 && halves.1.m == 36)
        #expect(halves.0.n == 10 && halves.1.n == 10)
        #expect(
            SplitWorker.split(
                m: 63, n: 40, k: 500, alpha: 1, a: nil, lda: 500, transposeA: false, b: nil,
                ldb: 40, transposeB: false, beta: 0, c: nil, ldc: 40) == nil)
    }

    @Test func theBitsAreTheSameWithTheHelperAndWithout() throws {
        let a = Self.random(rows: 256, cols: 128, seed: 5)
        let b = Self.random(rows: 128, cols: 256, seed: 6)
        var twoThreads = Matrix(rows: 0, cols: 0)
        var oneThread = Matrix(rows: 0, cols: 0)
        let before = SplitWorker.halvesRunByHelper
        // Until the helper has run a half (it may be slow to wake on a busy machine), and at
        // least 50 products; each compared with the product computed on this thread alone.
        var products = 0
        while products < 50 || (SplitWorker.halvesRunByHelper == before && products < 20_000) {
            Matrix.gemm(a, b, into: &twoThreads)
            BLASThreads.withSerialProducts { Matrix.gemm(a, b, into: &oneThread) }
            #expect(twoThreads.storage == oneThread.storage)
            products += 1
        }
        try #require(
            SplitWorker.current.hasHelpers,
            "this process may use one CPU only; the split cannot use the helper")
        #expect(SplitWorker.halvesRunByHelper > before, "the helper never ran a half")
    }

    @Test func theAffinityCountIsWhatTheSchedulerAllows() {
        // nproc prints the size of the same mask (unless OMP_* variables cap it).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nproc")
        process.environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("OMP_")
        }
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else {
            Issue.record("nproc did not run")
            return
        }
        let text = String(
            decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) == AffinityCPUs.count())
    }

    @Test func productsFromFourThreadsAtOnceGiveTheSerialBits() {
        let shapes = [(256, 128, 64), (64, 256, 128), (128, 128, 256), (300, 90, 77)]
        let inputs = shapes.enumerated().map { index, shape in
            (
                Self.random(rows: shape.0, cols: shape.2, seed: UInt64(10 + index)),
                Self.random(rows: shape.2, cols: shape.1, seed: UInt64(20 + index))
            )
        }
        let expected = inputs.map { pair in
            BLASThreads.withSerialProducts { Matrix.multiply(pair.0, pair.1) }
        }
        let mismatches = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            var c = Matrix(rows: 0, cols: 0)
            for round in 0..<200 {
                let index = (worker + round) % inputs.count
                if round % 7 == 3 {
                    BLASThreads.withSerialProducts {
                        Matrix.gemm(inputs[index].0, inputs[index].1, into: &c)
                    }
                } else {
                    Matrix.gemm(inputs[index].0, inputs[index].1, into: &c)
                }
                if c.storage != expected[index].storage {
                    mismatches.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(mismatches.load(ordering: .relaxed) == 0)
    }
}

/// Element-wise passes cut in two halves.
@Suite struct SplitWorkerHalvesTests {
    @Test(arguments: [0, 7, 100, 16_383, 16_384, 16_391, 100_001])
    func everyIndexIsVisitedOnceWhateverTheCount(count: Int) {
        var visits = [UInt8](repeating: 0, count: count)
        visits.withUnsafeMutableBufferPointer { buffer in
            SplitWorker.forHalves(of: count) { range in
                for i in range { buffer[i] &+= 1 }
            }
        }
        #expect(visits.allSatisfy { $0 == 1 })
    }

    @Test func largeCountsAreCutAtAMultipleOfEightAndSmallOnesStayWhole() {
        let ranges = Mutex<[Range<Int>]>([])
        SplitWorker.forHalves(of: 20_001) { range in ranges.withLock { $0.append(range) } }
        #expect(
            ranges.withLock { $0.sorted { $0.lowerBound < $1.lowerBound } } == [
                0..<10_000, 10_000..<20_001,
            ])
        ranges.withLock { $0 = [] }
        SplitWorker.forHalves(of: 1_000) { range in ranges.withLock { $0.append(range) } }
        #expect(ranges.withLock { $0 } == [0..<1_000])
    }
}

/// Background chunks: each runs exactly once, whoever runs it, while products keep splitting.
@Suite struct SplitWorkerBackgroundTests {
    /// A buffer a chunk writes its own slot of.
    struct Slots: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Int>
    }

    /// Zeroes `counts` and starts a job whose chunk c adds one to counts[c].
    static func countingJob(
        _ counts: UnsafeMutablePointer<Int>, chunks: Int
    ) -> SplitWorker.BackgroundJob {
        counts.initialize(repeating: 0, count: chunks)
        let slots = Slots(pointer: counts)
        return SplitWorker.startBackground(chunks: chunks) { chunk in slots.pointer[chunk] += 1 }
    }

    @Test func everyChunkRunsOnceWhileProductsSplitBetweenThem() {
        let a = SplitWorkerTests.random(rows: 256, cols: 128, seed: 7)
        let b = SplitWorkerTests.random(rows: 128, cols: 256, seed: 8)
        let expected = BLASThreads.withSerialProducts { Matrix.multiply(a, b) }
        var c = Matrix(rows: 0, cols: 0)
        let chunks = 300
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: chunks)
        defer { counts.deallocate() }
        for round in 0..<100 {
            let job = Self.countingJob(counts, chunks: chunks)
            for _ in 0..<(round % 4) {
                Matrix.gemm(a, b, into: &c)
                #expect(c.storage == expected.storage)
            }
            SplitWorker.finishBackground(job)
            #expect((0..<chunks).allSatisfy { counts[$0] == 1 })
        }
    }

    @Test func jobsFromFourThreadsAtOnceEachRunEveryChunkOnce() {
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            let chunks = 50 + worker
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: chunks)
            defer { counts.deallocate() }
            for _ in 0..<200 {
                let job = Self.countingJob(counts, chunks: chunks)
                SplitWorker.forHalves(of: 20_000) { _ in }
                SplitWorker.finishBackground(job)
                if !(0..<chunks).allSatisfy({ counts[$0] == 1 }) {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }
}
