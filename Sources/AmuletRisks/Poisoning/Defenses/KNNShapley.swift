import AmuletTensor
import Dispatch
import Synchronization

/// Exact Shapley values of training rows for a K-nearest-neighbour classifier, in closed form.
///
/// The utility of a training subset S for one validation point (x, y) is the K-NN likelihood of
/// the right label, U(S) = (1/K) Σ_{k ≤ min(K, |S|)} 1[y_{α_k(S)} = y], where α_k(S) is the k-th
/// nearest point of S to x. Sorting all N training rows by distance to x (α₁ nearest), the
/// Shapley values follow from the farthest row inwards:
///
///     s(α_N) = 1[y_{α_N} = y] / N
///     s(α_i) = s(α_{i+1}) + (1[y_{α_i} = y] − 1[y_{α_{i+1}} = y]) / K · min(K, i) / i
///
/// and a row's value for a validation set is the mean over its points. Cost: one sgemm for the
/// distances (‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b) and one O(N) radix sort per validation point,
/// instead of the exponential sum over subsets. Rows that help label clean validation points
/// correctly score high; mislabelled rows near clean points (label flips, backdoor rows
/// relabelled to a target) score below zero.
///
/// Reference: Jia, Dao, Wang, Hubis, Gürel, Li, Zhang, Spanos & Song, "Efficient Task-Specific
/// Data Valuation for Nearest Neighbor Algorithms", VLDB 2019, Theorem 1.
public enum KNNShapley {
    /// Squared Euclidean distances between the rows of `a` and of `b`, shape (a.rows, b.rows).
    ///
    /// D = ‖a‖²·1ᵀ + 1·‖b‖²ᵀ − 2·A·Bᵀ through one `cblas_sgemm`, clamped at 0 against rounding.
    public static func squaredDistances(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.cols == b.cols, "squaredDistances: widths \(a.cols) and \(b.cols) differ")
        var d = Matrix(rows: a.rows, cols: b.rows)
        Matrix.gemm(a, b, transposeB: true, alpha: -2, into: &d)
        let normsA = rowSquaredNorms(a)
        let normsB = rowSquaredNorms(b)
        d.storage.withUnsafeMutableBufferPointer { out in
            for i in 0..<a.rows {
                let base = i * b.rows
                for j in 0..<b.rows {
                    out[base + j] = max(0, out[base + j] + normsA[i] + normsB[j])
                }
            }
        }
        return d
    }

    /// ‖row‖² of every row.
    static func rowSquaredNorms(_ m: Matrix) -> [Float] {
        (0..<m.rows).map { r in
            var s: Float = 0
            for c in 0..<m.cols {
                let v = m.storage[r * m.cols + c]
                s += v * v
            }
            return s
        }
    }

    /// The K-NN Shapley value of every training row, averaged over the validation points.
    ///
    /// - Parameters:
    ///   - trainFeatures: Training rows, shape (N, d).
    ///   - trainLabels: Their labels, N entries.
    ///   - validationFeatures: Clean validation rows, shape (M, d).
    ///   - validationLabels: Their labels, M entries.
    ///   - neighbours: K.
    ///   - blockSize: Validation rows per distance block (bounds memory to blockSize·N floats).
    /// - Returns: N values; ties in distance are broken by row index.
    public static func values(
        trainFeatures: Matrix, trainLabels: [Int], validationFeatures: Matrix,
        validationLabels: [Int], neighbours: Int, blockSize: Int = 256
    ) -> [Double] {
        let n = trainFeatures.rows
        let m = validationFeatures.rows
        guard n > 0, m > 0 else { return [Double](repeating: 0, count: n) }
        // Two fixed halves of the validation rows run on two threads; their sums are added in
        // a fixed order, so the result does not depend on the machine or on scheduling.
        let parts = m >= 2 * max(1, blockSize) ? 2 : 1
        let bounds = (0...parts).map { $0 * m / parts }
        let partial = Mutex<[[Double]]>(Array(repeating: [], count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let sums = summedValues(
                trainFeatures: trainFeatures, trainLabels: trainLabels,
                validationFeatures: validationFeatures, validationLabels: validationLabels,
                rows: bounds[part]..<bounds[part + 1], neighbours: neighbours,
                blockSize: blockSize)
            partial.withLock { $0[part] = sums }
        }
        let sums = partial.withLock { $0 }
        var values = [Double](repeating: 0, count: n)
        for part in sums {
            for j in part.indices { values[j] += part[j] }
        }
        for j in values.indices { values[j] /= Double(m) }
        return values
    }

    /// Σ over the validation `rows` of each training row's K-NN Shapley value.
    static func summedValues(
        trainFeatures: Matrix, trainLabels: [Int], validationFeatures: Matrix,
        validationLabels: [Int], rows: Range<Int>, neighbours: Int, blockSize: Int
    ) -> [Double] {
        let n = trainFeatures.rows
        var values = [Double](repeating: 0, count: n)
        let k = Double(max(1, neighbours))
        // coefficient[i] = min(K, i) / (K·i), so the recursion needs no division per element.
        let coefficient = (0...n).map { i in i == 0 ? 0 : min(k, Double(i)) / (k * Double(i)) }
        var sorter = RadixSorter(count: n)
        var start = rows.lowerBound
        while start < rows.upperBound {
            let end = min(rows.upperBound, start + max(1, blockSize))
            let block = validationFeatures.rowSlice(start, end)
            let distances = squaredDistances(block, trainFeatures)
            for v in 0..<(end - start) {
                let y = validationLabels[start + v]
                sorter.sort(distances.storage[(v * n)..<((v + 1) * n)])
                sorter.withOrder { order in
                    trainLabels.withUnsafeBufferPointer { labels in
                        values.withUnsafeMutableBufferPointer { out in
                            var next = 0.0
                            var nextMatch = 0.0
                            for i in stride(from: n, through: 1, by: -1) {
                                let row = Int(order[i - 1])
                                let match: Double = labels[row] == y ? 1 : 0
                                let value =
                                    i == n
                                    ? match / Double(n)
                                    : next + (match - nextMatch) * coefficient[i]
                                out[row] += value
                                next = value
                                nextMatch = match
                            }
                        }
                    }
                }
            }
            start = end
        }
        return values
    }
}

/// Orders non-negative floats by a stable least-significant-digit radix sort of their bits.
///
/// Non-negative IEEE floats order like their bit patterns as unsigned integers, so three
/// counting passes over 11-bit digits sort N keys in O(N) with ties left in index order, several
/// times faster than a comparison sort for the N ≈ 10⁴ distances of one validation point.
/// Reference: Knuth, The Art of Computer Programming, vol. 3, §5.2.5 (radix sorting).
struct RadixSorter {
    private var keys: [UInt32]
    private var scratchKeys: [UInt32]
    private var indices: [Int32]
    private var scratchIndices: [Int32]
    private var counts: [Int]

    /// A sorter for `count` keys at a time (count < 2³¹).
    init(count: Int) {
        keys = [UInt32](repeating: 0, count: count)
        scratchKeys = keys
        indices = [Int32](repeating: 0, count: count)
        scratchIndices = indices
        counts = [Int](repeating: 0, count: 1 << 11)
    }

    /// Sorts `values` (non-negative distances) ascending; `withOrder` then reads the order.
    mutating func sort(_ values: ArraySlice<Float>) {
        precondition(values.count == keys.count, "RadixSorter: wrong number of keys")
        let n = keys.count
        values.withUnsafeBufferPointer { source in
            keys.withUnsafeMutableBufferPointer { k in
                indices.withUnsafeMutableBufferPointer { ix in
                    for i in 0..<n {
                        k[i] = max(source[i], 0).bitPattern
                        ix[i] = Int32(i)
                    }
                }
            }
        }
        for shift: UInt32 in [0, 11, 22] {
            keys.withUnsafeMutableBufferPointer { k in
                scratchKeys.withUnsafeMutableBufferPointer { sk in
                    indices.withUnsafeMutableBufferPointer { ix in
                        scratchIndices.withUnsafeMutableBufferPointer { six in
                            counts.withUnsafeMutableBufferPointer { c in
                                for d in 0..<c.count { c[d] = 0 }
                                for i in 0..<n { c[Int((k[i] >> shift) & 0x7FF)] += 1 }
                                var total = 0
                                for d in 0..<c.count {
                                    let count = c[d]
                                    c[d] = total
                                    total += count
                                }
                                for i in 0..<n {
                                    let d = Int((k[i] >> shift) & 0x7FF)
                                    let p = c[d]
                                    c[d] = p + 1
                                    sk[p] = k[i]
                                    six[p] = ix[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &scratchKeys)
            swap(&indices, &scratchIndices)
        }
    }

    /// Calls `body` with the row indices in ascending order of the last sorted values.
    func withOrder<R>(_ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
        indices.withUnsafeBufferPointer(body)
    }
}
