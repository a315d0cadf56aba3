import CBLAS
import Glibc
import Synchronization

/// Matrix products through OpenBLAS `cblas_sgemm` / `cblas_sgemv`.
extension Matrix {
    /// C = alpha · op(A) · op(B) + beta · C, in place, through `cblas_sgemm`.
    ///
    /// op(X) is X or Xᵀ. Shapes: op(A) (m, k), op(B) (k, n), C (m, n); C is resized (and zeroed)
    /// when its shape does not match and `beta` is 0.
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 0, into c: inout Matrix
    ) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "gemm: inner dimensions \(k) and \(kb) differ")
        if c.rows != m || c.cols != n {
            precondition(beta == 0, "gemm: accumulating into a matrix of the wrong shape")
            c = Matrix(rows: m, cols: n)
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta == 0 { c.fill(0) } else { c.scale(by: beta) }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    gemmRaw(
                        m: m, n: n, k: k, alpha: alpha,
                        a: pa.baseAddress, lda: a.cols, transposeA: transposeA,
                        b: pb.baseAddress, ldb: b.cols, transposeB: transposeB,
                        beta: beta, c: pc.baseAddress, ldc: n)
                }
            }
        }
    }

    /// Raw row-major sgemm on pointers, for layers whose weights live in a flat parameter buffer.
    public static func gemmRaw(
        m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>?, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>?, ldb: Int, transposeB: Bool,
        beta: Float, c: UnsafeMutablePointer<Float>?, ldc: Int
    ) {
        if m == 0 || n == 0 || k == 0 { return }
        BLASThreads.configure()
        if m * n * k >= BLASThreads.splitThreshold, !BLASThreads.openBLASPoolActive,
            let halves = SplitWorker.split(
                m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, transposeA: transposeA,
                b: b, ldb: ldb, transposeB: transposeB, beta: beta, c: c, ldc: ldc)
        {
            SplitWorker.current.run(halves)
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c,
            Int32(ldc))
    }

    /// The product op(A)·op(B) as a new matrix.
    public static func multiply(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false
    ) -> Matrix {
        var c = Matrix(rows: 0, cols: 0)
        gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// The product with a shape check that throws, for operands that come from outside.
    public func checkedMultiply(_ other: Matrix) throws(MatrixError) -> Matrix {
        guard cols == other.rows else {
            throw .shapeMismatch(operation: "multiply", left: shape, right: other.shape)
        }
        return Matrix.multiply(self, other)
    }

    /// y = alpha · op(A) · x + beta · y through `cblas_sgemv`.
    public static func gemv(
        _ a: Matrix, transpose: Bool = false, _ x: [Float], alpha: Float = 1, beta: Float = 0,
        into y: inout [Float]
    ) {
        let outCount = transpose ? a.cols : a.rows
        let inCount = transpose ? a.rows : a.cols
        precondition(x.count == inCount, "gemv: vector length \(x.count) ≠ \(inCount)")
        if y.count != outCount {
            precondition(beta == 0, "gemv: accumulating into a vector of the wrong length")
            y = [Float](repeating: 0, count: outCount)
        }
        if a.count == 0 { return }
        BLASThreads.configure()
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(a.rows),
            Int32(a.cols), alpha, a.storage, Int32(a.cols), x, 1, beta, &y, 1)
    }

    /// self += alpha · other, elementwise, through `cblas_saxpy`.
    public mutating func add(_ other: Matrix, scaledBy alpha: Float = 1) {
        precondition(shape == other.shape, "add: shapes \(shape) and \(other.shape) differ")
        Vector.axpy(alpha, other.storage, into: &storage)
    }

    /// Multiplies every element by `factor` through `cblas_sscal`.
    public mutating func scale(by factor: Float) {
        Vector.scale(&storage, by: factor)
    }

    /// Sets every element to `value`.
    public mutating func fill(_ value: Float) {
        storage.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
    }
}

/// BLAS level-1 helpers on flat `[Float]` buffers (single-threaded, see `BLASThreads`).
public enum Vector {
    /// y += alpha · x (`cblas_saxpy`).
    public static func axpy(_ alpha: Float, _ x: [Float], into y: inout [Float]) {
        precondition(x.count == y.count, "axpy: lengths differ")
        if x.isEmpty { return }
        BLASThreads.configure()
        cblas_saxpy(Int32(x.count), alpha, x, 1, &y, 1)
    }

    /// x *= factor (`cblas_sscal`).
    public static func scale(_ x: inout [Float], by factor: Float) {
        if x.isEmpty { return }
        BLASThreads.configure()
        cblas_sscal(Int32(x.count), factor, &x, 1)
    }

    /// The dot product (`cblas_sdot`).
    public static func dot(_ x: [Float], _ y: [Float]) -> Float {
        precondition(x.count == y.count, "dot: lengths differ")
        if x.isEmpty { return 0 }
        BLASThreads.configure()
        return cblas_sdot(Int32(x.count), x, 1, y, 1)
    }

    /// The Euclidean norm (`cblas_snrm2`).
    public static func norm(_ x: [Float]) -> Float {
        if x.isEmpty { return 0 }
        BLASThreads.configure()
        return cblas_snrm2(Int32(x.count), x, 1)
    }
}

/// How products use the machine's cores: OpenBLAS runs single-threaded, and products of at
/// least `splitThreshold` multiply-adds are cut in two fixed halves by `SplitWorker`, one
/// on the calling thread and one on a helper.
///
/// OpenBLAS's own pool is set to one thread on the first product (its `OPENBLAS_*`
/// variables are left alone): its workers spin in `sched_yield` between calls, and its
/// rounding depends on the thread count. With a fixed split, a seed gives the same bits
/// whatever the core count, whether the helper is busy, and whether workers train in
/// parallel.
public enum BLASThreads {
    /// Products with fewer multiply-adds (m·n·k) than this run whole on the calling thread.
    ///
    /// A constant, not a setting: which products are cut decides how they round, so the same
    /// seed gives the same bits only with one threshold. 2¹⁸ multiply-adds is where the split
    /// starts to pay on these machines (`scripts/bench products` measures the speed-up).
    public static let splitThreshold = 1 << 18

    /// OpenBLAS's thread count before this process set it to one (the machine's cores, or
    /// what `OPENBLAS_NUM_THREADS` says).
    public static let openBLASDefault: Int = {
        let count = Int(openblas_get_num_threads())
        openblas_set_num_threads(1)
        return count
    }()

    /// Sets OpenBLAS to one thread, once per process.
    @inline(__always)
    static func configure() {
        _ = openBLASDefault
    }

    /// Threads a large product runs on now: 2, or 1 inside `withSerialProducts`.
    public static var current: Int {
        SplitWorker.current.hasHelpers ? 2 : 1
    }

    /// Runs `body` on the serial pool: every product and pass whole on its calling thread.
    ///
    /// For measuring and testing the split; the bits do not change.
    public static func withSerialProducts<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try SplitWorker.withSerialProducts(body)
    }

    /// Runs `body` with OpenBLAS's own pool at `openBLASDefault` threads, for measuring the
    /// machine's sgemm peak; not for results (the rounding depends on the thread count).
    public static func withOpenBLASPool<T>(_ body: () -> T) -> T {
        configure()
        poolScopes.add(1, ordering: .sequentiallyConsistent)
        openblas_set_num_threads(Int32(openBLASDefault))
        defer {
            openblas_set_num_threads(1)
            poolScopes.subtract(1, ordering: .sequentiallyConsistent)
        }
        return body()
    }

    /// Open `withOpenBLASPool` scopes; products run whole on OpenBLAS's pool meanwhile.
    private static let poolScopes = Atomic<Int>(0)

    static var openBLASPoolActive: Bool { poolScopes.load(ordering: .relaxed) > 0 }
}
