import AmuletLearn
import AmuletTensor
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
/// instead of the exponential sum over subsets. That formula rounds: two rows at exactly the
/// same distance can come out a few ulps apart. So every run of sorted distances closer than
/// the formula's rounding bound is re-ordered by the distance summed directly, Σ(aᵢ − bᵢ)² in
/// Double (equal for rows at equal distance coordinate by coordinate, as duplicates and mirror
/// images are), and then by row index: ties are broken by index, as documented. Rows that help label clean validation points
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
    ///   - cancellation: Polled before every validation row.
    /// - Returns: N values; ties in distance are broken by row index.
    /// - Throws: `CancellationError` once `cancellation` is set.
    public static func values(
        trainFeatures: Matrix, trainLabels: [Int], validationFeatures: Matrix,
        validationLabels: [Int], neighbours: Int, blockSize: Int = 256,
        cancellation: CancellationToken? = nil
    ) throws(CancellationError) -> [Double] {
        let n = trainFeatures.rows
        let m = validationFeatures.rows
        guard n > 0, m > 0 else { return [Double](repeating: 0, count: n) }
        let block = max(1, blockSize)
        // Two fixed halves of the validation rows are summed separately and added in a fixed
        // order, so the result does not depend on the machine or on scheduling. Each round
        // forms the next block of each half's distances with one sgemm (BLAS's own threads),
        // then sorts the two blocks' rows on two threads.
        let parts = m >= 2 * block ? 2 : 1
        let bounds = (0...parts).map { $0 * m / parts }
        let k = Double(max(1, neighbours))
        // coefficient[i] = min(K, i) / (K·i), so the recursion needs no division per element.
        let coefficient = (0...n).map { i in i == 0 ? 0 : min(k, Double(i)) / (k * Double(i)) }
        let trainNorms = rowSquaredNorms(trainFeatures)
        let largestNorm = trainNorms.max() ?? 0
        let states = Mutex<[KNNShapleyPart]>((0..<parts).map { _ in KNNShapleyPart(count: n) })
        var offset = 0
        while bounds[0] + offset < bounds[1] || bounds[parts - 1] + offset < bounds[parts] {
            try cancellation?.check()
            let ranges = (0..<parts).map { p in
                let start = min(bounds[p] + offset, bounds[p + 1])
                return start..<min(bounds[p + 1], start + block)
            }
            let products = ranges.map { range in
                var product = Matrix(rows: range.count, cols: n)
                if !range.isEmpty {
                    Matrix.gemm(
                        validationFeatures.rowSlice(range.lowerBound, range.upperBound),
                        trainFeatures, transposeB: true, alpha: -2, into: &product)
                }
                return product
            }
            SplitWorker.forEach(iterations: parts) { p in
                var state = states.withLock { all in
                    let taken = all[p]
                    all[p] = KNNShapleyPart(count: 0)
                    return taken
                }
                let range = ranges[p]
                let validationNorms = rowSquaredNorms(
                    validationFeatures.rowSlice(range.lowerBound, range.upperBound))
                for v in 0..<range.count where !(cancellation?.isCancelled ?? false) {
                    let point = range.lowerBound + v
                    state.addValues(
                        products[p], row: v, rowNorm: validationNorms[v], trainNorms: trainNorms,
                        trainLabels: trainLabels, label: validationLabels[point],
                        coefficient: coefficient,
                        tieTolerance: tieTolerance(
                            width: trainFeatures.cols, norms: validationNorms[v] + largestNorm),
                        exactDistance: { j in
                            exactSquaredDistance(validationFeatures, point, trainFeatures, j)
                        })
                }
                states.withLock { $0[p] = state }
            }
            offset += block
        }
        // A round cut short by the token leaves partial sums: never return them.
        try cancellation?.check()
        var values = [Double](repeating: 0, count: n)
        for part in states.withLock({ $0 }) {
            for j in values.indices { values[j] += part.sums[j] }
        }
        for j in values.indices { values[j] /= Double(m) }
        return values
    }
}

extension KNNShapley {
    /// A bound on the rounding error of ‖a‖² + ‖b‖² − 2a·b in Float for rows of `width`
    /// entries whose squared norms sum to at most `norms`: 2(width + 2)·u·norms, with u the
    /// unit roundoff (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1), doubled
    /// for safety.
    static func tieTolerance(width: Int, norms: Float) -> Float {
        4 * Float(width + 2) * Float.ulpOfOne * norms
    }

    /// Σ (a[i, c] − b[j, c])² in Double, summed in column order.
    static func exactSquaredDistance(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double {
        var sum = 0.0
        for c in 0..<a.cols {
            let d = Double(a.storage[i * a.cols + c]) - Double(b.storage[j * b.cols + c])
            sum += d * d
        }
        return sum
    }
}

/// One thread's share of a KNN-Shapley computation: its running sums and its sorter.
struct KNNShapleyPart: Sendable {
    /// Σ over this part's validation rows of each training row's value.
    var sums: [Double]
    /// Reused sort buffers.
    var sorter: RadixSorter

    /// Zero sums over `count` training rows.
    init(count: Int) {
        sums = [Double](repeating: 0, count: count)
        sorter = RadixSorter(count: count)
    }

    /// Adds one validation row's Shapley values (Jia et al., Theorem 1) into `sums`.
    ///
    /// Row `row` of `products` holds −2·v·tⱼ for every training row j; the squared distance
    /// max(0, −2·v·tⱼ + ‖v‖² + ‖tⱼ‖²) is formed while building the sort keys, and whether tⱼ's
    /// label is `label` rides in the key, so the recursion reads one sorted array in order.
    ///
    /// Runs of distances within `tieTolerance` of each other are re-ordered by
    /// `exactDistance(j)` and then by index j.
    mutating func addValues(
        _ products: Matrix, row: Int, rowNorm: Float, trainNorms: [Float], trainLabels: [Int],
        label: Int, coefficient: [Double], tieTolerance: Float,
        exactDistance: (Int) -> Double
    ) {
        let n = sums.count
        products.storage.withUnsafeBufferPointer { p in
            sorter.sort(
                UnsafeBufferPointer(rebasing: p[(row * n)..<((row + 1) * n)]), rowNorm: rowNorm,
                norms: trainNorms, labels: trainLabels, label: label)
        }
        sorter.refineNearTies(tolerance: tieTolerance, exactDistance: exactDistance)
        sorter.withOrder { order in
            sums.withUnsafeMutableBufferPointer { out in
                var next = 0.0
                var nextMatch = 0.0
                for i in stride(from: n, through: 1, by: -1) {
                    let entry = order[i - 1]
                    let row = Int(truncatingIfNeeded: entry & RadixSorter.indexMask)
                    let match: Double = entry & RadixSorter.matchBit != 0 ? 1 : 0
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

/// Orders non-negative floats by a stable least-significant-digit radix sort of their bits.
///
/// Non-negative IEEE floats order like their bit patterns as unsigned integers. Each entry packs
/// the key's 32 bits above a label bit and a 31-bit row index, so a pass moves one 64-bit word;
/// one read forms the keys and the counts of all three 11-bit digits, and a digit that is the
/// same for every key (common for the top one) skips its pass. N keys sort in O(N) with ties
/// left in index order, several times faster than a comparison sort for the N ≈ 10⁴ distances
/// of one validation point. Reference: Knuth, The Art of Computer Programming, vol. 3, §5.2.5
/// (radix sorting).
struct RadixSorter: Sendable {
    /// The row index in an entry.
    static let indexMask: UInt64 = 0x7FFF_FFFF
    /// Set in an entry when the row's label matches the validation label.
    static let matchBit: UInt64 = 0x8000_0000
    private static let digitBits: UInt64 = 11
    private static let buckets = 1 << 11
    private var entries: [UInt64]
    private var scratch: [UInt64]
    private var counts: [Int]

    /// A sorter for `count` keys at a time (count < 2³¹).
    init(count: Int) {
        entries = [UInt64](repeating: 0, count: count)
        scratch = entries
        counts = [Int](repeating: 0, count: 3 * Self.buckets)
    }

    /// Sorts the distances max(0, products[j] + rowNorm + norms[j]) ascending, each with
    /// whether labels[j] == label; `withOrder` then reads the entries.
    mutating func sort(
        _ products: UnsafeBufferPointer<Float>, rowNorm: Float, norms: [Float], labels: [Int],
        label: Int
    ) {
        precondition(products.count == entries.count, "RadixSorter: wrong number of keys")
        let n = entries.count
        let buckets = Self.buckets
        let mask = UInt64(buckets - 1)
        entries.withUnsafeMutableBufferPointer { e in
            counts.withUnsafeMutableBufferPointer { c in
                for d in 0..<c.count { c[d] = 0 }
                norms.withUnsafeBufferPointer { nb in
                    labels.withUnsafeBufferPointer { lb in
                        for j in 0..<n {
                            let distance = max(0, products[j] + rowNorm + nb[j])
                            let key = UInt64(max(distance, 0).bitPattern)
                            e[j] =
                                key << 32 | (lb[j] == label ? Self.matchBit : 0) | UInt64(j)
                            c[Int(key & mask)] += 1
                            c[buckets + Int((key >> 11) & mask)] += 1
                            c[2 * buckets + Int(key >> 22)] += 1
                        }
                    }
                }
            }
        }
        for pass in 0..<3 {
            let shift = 32 + UInt64(pass) * Self.digitBits
            let skip = counts.withUnsafeMutableBufferPointer { c -> Bool in
                let base = pass * buckets
                var total = 0
                for d in 0..<buckets {
                    let count = c[base + d]
                    if count == n { return true }
                    c[base + d] = total
                    total += count
                }
                return false
            }
            if skip { continue }
            entries.withUnsafeBufferPointer { e in
                scratch.withUnsafeMutableBufferPointer { s in
                    counts.withUnsafeMutableBufferPointer { c in
                        let base = pass * buckets
                        for i in 0..<n {
                            let d = base + Int((e[i] >> shift) & mask)
                            s[c[d]] = e[i]
                            c[d] += 1
                        }
                    }
                }
            }
            swap(&entries, &scratch)
        }
    }

    /// Re-orders each run of sorted entries whose consecutive distances differ by at most
    /// `tolerance` by `exactDistance(index)`, then by index.
    ///
    /// Two rows whose true distances are in one order but whose rounded ones are in the other
    /// differ by less than twice the rounding bound, so they always share a run.
    mutating func refineNearTies(tolerance: Float, exactDistance: (Int) -> Double) {
        let n = entries.count
        guard n > 1 else { return }
        func distance(_ entry: UInt64) -> Float { Float(bitPattern: UInt32(entry >> 32)) }
        var start = 0
        while start < n - 1 {
            var end = start + 1
            while end < n && distance(entries[end]) - distance(entries[end - 1]) <= tolerance {
                end += 1
            }
            if end - start > 1 {
                let run = entries[start..<end].map { entry in
                    let index = Int(truncatingIfNeeded: entry & Self.indexMask)
                    return (exact: exactDistance(index), index: index, entry: entry)
                }.sorted { ($0.exact, $0.index) < ($1.exact, $1.index) }
                for (offset, item) in run.enumerated() { entries[start + offset] = item.entry }
            }
            start = end
        }
    }

    /// Calls `body` with the entries in ascending order of the last sorted distances.
    func withOrder<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
        entries.withUnsafeBufferPointer(body)
    }
}
