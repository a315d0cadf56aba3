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
        BLASThreads.withThreadsFor(multiplyAdds: m * n * k) {
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c,
                Int32(ldc))
        }
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
        BLASThreads.withThreadsFor(multiplyAdds: a.count) {
            cblas_sgemv(
                CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(a.rows),
                Int32(a.cols), alpha, a.storage, Int32(a.cols), x, 1, beta, &y, 1)
        }
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

/// BLAS level-1 helpers on flat `[Float]` buffers.
///
/// OpenBLAS threads level-1 calls from about ten thousand elements; a DP-SGD step's noise
/// (`axpy` and `scal` over every parameter) would wake the worker threads each step, so these
/// go through the same size threshold as the products.
public enum Vector {
    /// y += alpha · x (`cblas_saxpy`).
    public static func axpy(_ alpha: Float, _ x: [Float], into y: inout [Float]) {
        precondition(x.count == y.count, "axpy: lengths differ")
        if x.isEmpty { return }
        BLASThreads.withThreadsFor(multiplyAdds: x.count) {
            cblas_saxpy(Int32(x.count), alpha, x, 1, &y, 1)
        }
    }

    /// x *= factor (`cblas_sscal`).
    public static func scale(_ x: inout [Float], by factor: Float) {
        if x.isEmpty { return }
        BLASThreads.withThreadsFor(multiplyAdds: x.count) {
            cblas_sscal(Int32(x.count), factor, &x, 1)
        }
    }

    /// The dot product (`cblas_sdot`).
    public static func dot(_ x: [Float], _ y: [Float]) -> Float {
        precondition(x.count == y.count, "dot: lengths differ")
        if x.isEmpty { return 0 }
        var result: Float = 0
        BLASThreads.withThreadsFor(multiplyAdds: x.count) {
            result = cblas_sdot(Int32(x.count), x, 1, y, 1)
        }
        return result
    }

    /// The Euclidean norm (`cblas_snrm2`).
    public static func norm(_ x: [Float]) -> Float {
        if x.isEmpty { return 0 }
        return cblas_snrm2(Int32(x.count), x, 1)
    }
}

/// Control of OpenBLAS's own thread pool (process-wide, owned by OpenBLAS).
///
/// Products smaller than `parallelThreshold` multiply-adds run on the calling thread alone.
/// For the products of a training step (batch 64–256 by widths of 100–500, a few million
/// multiply-adds) OpenBLAS's workers cost more than they give: after each call they spin in
/// `sched_yield` waiting for the next, which shows as system time and steals the core the
/// calling thread needs. Large products (evaluation chunks, the sgemm peak) still use every
/// thread. The threshold can be set with `AMULET_BLAS_PARALLEL_MIN` (multiply-adds; 0 means
/// always parallel) to measure both ways; the machine's `OPENBLAS_*` variables are left alone.
public enum BLASThreads {
    /// Products with fewer multiply-adds (m·n·k) than this run single-threaded.
    public static let parallelThreshold: Int = {
        if let text = getenv("AMULET_BLAS_PARALLEL_MIN").map({ String(cString: $0) }),
            let value = Int(text), value >= 0
        {
            return value
        }
        return 1 << 25
    }()

    /// How many small products are running, and the pool size to restore when none is.
    ///
    /// OpenBLAS's thread count is one process-wide setting. If each call set and restored it
    /// on its own, a small product on one thread could start while another thread had just
    /// restored the pool, run on every thread, and round differently: the same seed would
    /// not always give the same bits. Counting the running small products keeps the pool at
    /// one thread until the last of them ends.
    private static let singleThreadScopes = Mutex<(running: Int, restore: Int32)>((0, 1))

    /// Runs `product` with one OpenBLAS thread when it is smaller than `parallelThreshold`.
    @inline(__always)
    static func withThreadsFor(multiplyAdds: Int, _ product: () -> Void) {
        guard multiplyAdds < parallelThreshold else {
            product()
            return
        }
        singleThreadScopes.withLock { scopes in
            if scopes.running == 0 {
                scopes.restore = openblas_get_num_threads()
                if scopes.restore > 1 { openblas_set_num_threads(1) }
            }
            scopes.running += 1
        }
        product()
        singleThreadScopes.withLock { scopes in
            scopes.running -= 1
            if scopes.running == 0 && scopes.restore != openblas_get_num_threads() {
                openblas_set_num_threads(scopes.restore)
            }
        }
    }

    /// The number of threads OpenBLAS uses for products of at least `parallelThreshold`.
    public static var current: Int {
        singleThreadScopes.withLock { scopes in
            Int(scopes.running > 0 ? scopes.restore : openblas_get_num_threads())
        }
    }

    /// Sets the number of threads OpenBLAS uses; workers that train in parallel set 1.
    ///
    /// While small products run, the change waits until the last of them ends, so none of
    /// them runs on more than one thread.
    public static func set(_ count: Int) {
        singleThreadScopes.withLock { scopes in
            let threads = Int32(max(1, count))
            if scopes.running > 0 {
                scopes.restore = threads
            } else {
                openblas_set_num_threads(threads)
            }
        }
    }
}
