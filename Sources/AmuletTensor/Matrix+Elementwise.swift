/// Broadcasting row/column operations, reductions and row gather/scatter.
extension Matrix {
    /// Adds `vector` (length `cols`) to every row, x[r, c] += v[c]: the bias add of a dense layer.
    public mutating func addToEachRow(_ vector: [Float]) {
        precondition(vector.count == cols, "addToEachRow: length \(vector.count) ≠ \(cols)")
        let cols = self.cols
        storage.withUnsafeMutableBufferPointer { x in
            vector.withUnsafeBufferPointer { v in
                for r in 0..<rows {
                    let base = r * cols
                    for c in 0..<cols { x[base + c] += v[c] }
                }
            }
        }
    }

    /// Multiplies every row elementwise by `vector` (length `cols`): x[r, c] *= v[c].
    public mutating func multiplyEachRow(by vector: [Float]) {
        precondition(vector.count == cols, "multiplyEachRow: length mismatch")
        let cols = self.cols
        storage.withUnsafeMutableBufferPointer { x in
            vector.withUnsafeBufferPointer { v in
                for r in 0..<rows {
                    let base = r * cols
                    for c in 0..<cols { x[base + c] *= v[c] }
                }
            }
        }
    }

    /// Adds `vector[r]` to every element of row r (a column broadcast).
    public mutating func addToEachColumn(_ vector: [Float]) {
        precondition(vector.count == rows, "addToEachColumn: length mismatch")
        let cols = self.cols
        storage.withUnsafeMutableBufferPointer { x in
            for r in 0..<rows {
                let value = vector[r]
                for c in 0..<cols { x[r * cols + c] += value }
            }
        }
    }

    /// Scales row r by `factors[r]` (used for per-sample weights and DP clipping).
    public mutating func scaleRows(by factors: [Float]) {
        precondition(factors.count == rows, "scaleRows: length mismatch")
        let cols = self.cols
        storage.withUnsafeMutableBufferPointer { x in
            guard let base = x.baseAddress else { return }
            for r in 0..<rows {
                SIMDKernels.scale(
                    base + r * cols, by: factors[r], into: base + r * cols, count: cols)
            }
        }
    }

    /// Column sums: Σ_r x[r, c], length `cols`.
    public func columnSums() -> [Float] {
        var sums = [Float](repeating: 0, count: cols)
        let cols = self.cols
        storage.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { s in
                for r in 0..<rows {
                    let base = r * cols
                    for c in 0..<cols { s[c] += x[base + c] }
                }
            }
        }
        return sums
    }

    /// Row sums: Σ_c x[r, c], length `rows`.
    public func rowSums() -> [Float] {
        var sums = [Float](repeating: 0, count: rows)
        let cols = self.cols
        storage.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                var total: Float = 0
                for c in 0..<cols { total += x[r * cols + c] }
                sums[r] = total
            }
        }
        return sums
    }

    /// Squared Euclidean norm of each row, length `rows`.
    public func rowSquaredNorms() -> [Float] {
        var norms = [Float](repeating: 0, count: rows)
        let cols = self.cols
        storage.withUnsafeBufferPointer { x in
            guard let base = x.baseAddress else { return }
            for r in 0..<rows { norms[r] = SIMDKernels.squaredNorm(base + r * cols, count: cols) }
        }
        return norms
    }

    /// Row r of `self` times factors[r], written into `result` (resized to this shape).
    public func scaledRows(by factors: [Float], into result: inout Matrix) {
        precondition(factors.count == rows, "scaledRows: length mismatch")
        result.resize(rows: rows, cols: cols)
        let cols = self.cols
        storage.withUnsafeBufferPointer { x in
            result.storage.withUnsafeMutableBufferPointer { y in
                factors.withUnsafeBufferPointer { f in
                    guard let source = x.baseAddress, let target = y.baseAddress else { return }
                    let rowsPerHalf = SplitWorker.minimumRows(width: cols)
                    SplitWorker.forHalves(of: rows, minimumCount: rowsPerHalf) { half in
                        for r in half {
                            SIMDKernels.scale(
                                source + r * cols, by: f[r], into: target + r * cols, count: cols)
                        }
                    }
                }
            }
        }
    }

    /// Column means, length `cols`.
    public func columnMeans() -> [Float] {
        guard rows > 0 else { return [Float](repeating: 0, count: cols) }
        return columnSums().map { $0 / Float(rows) }
    }

    /// Sum of all elements, accumulated in Double.
    public func sum() -> Double {
        storage.reduce(0.0) { $0 + Double($1) }
    }

    /// Index of the largest element of each row (first on ties).
    public func argmaxRows() -> [Int] {
        var result = [Int](repeating: 0, count: rows)
        let cols = self.cols
        storage.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                var best = 0
                var bestValue = -Float.infinity
                for c in 0..<cols where x[r * cols + c] > bestValue {
                    bestValue = x[r * cols + c]
                    best = c
                }
                result[r] = best
            }
        }
        return result
    }

    /// The rows at `indices`, in that order (a gather).
    public func gatherRows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: 0, cols: 0)
        gatherRows(indices, into: &result)
        return result
    }

    /// Writes the rows at `indices`, in that order, into `result`, reusing its buffer.
    ///
    /// The training loop gathers every batch into one workspace this way, so a batch costs a
    /// copy of its rows and no allocation.
    public func gatherRows(_ indices: [Int], into result: inout Matrix) {
        result.resize(rows: indices.count, cols: cols)
        let (cols, rows) = (self.cols, self.rows)
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                guard let src = source.baseAddress, let dst = target.baseAddress else { return }
                for (i, index) in indices.enumerated() {
                    precondition(index >= 0 && index < rows, "gatherRows: index out of range")
                    (dst + i * cols).update(from: src + index * cols, count: cols)
                }
            }
        }
    }

    /// Adds row i of `source` into row `indices[i]` of self (a scatter-add).
    public mutating func scatterAddRows(_ source: Matrix, at indices: [Int]) {
        precondition(source.cols == cols && source.rows == indices.count, "scatterAddRows shape")
        let cols = self.cols
        storage.withUnsafeMutableBufferPointer { target in
            source.storage.withUnsafeBufferPointer { src in
                for (i, index) in indices.enumerated() {
                    for c in 0..<cols { target[index * cols + c] += src[i * cols + c] }
                }
            }
        }
    }

    /// Rows [start, end) as a new matrix.
    public func rowSlice(_ start: Int, _ end: Int) -> Matrix {
        Matrix(rows: end - start, cols: cols, storage: Array(storage[start * cols..<end * cols]))
    }

    /// Stacks matrices with the same column count on top of each other.
    public static func vstack(_ parts: [Matrix]) -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, cols: 0) }
        var storage = [Float]()
        storage.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        var rows = 0
        for part in parts {
            precondition(part.cols == first.cols, "vstack: column counts differ")
            storage.append(contentsOf: part.storage)
            rows += part.rows
        }
        return Matrix(rows: rows, cols: first.cols, storage: storage)
    }

    /// Places matrices with the same row count side by side.
    public static func hstack(_ parts: [Matrix]) -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, cols: 0) }
        let cols = parts.reduce(0) { $0 + $1.cols }
        var result = Matrix(rows: first.rows, cols: cols)
        var offset = 0
        for part in parts {
            precondition(part.rows == first.rows, "hstack: row counts differ")
            for r in 0..<part.rows {
                for c in 0..<part.cols { result[r, offset + c] = part[r, c] }
            }
            offset += part.cols
        }
        return result
    }

    /// Applies `transform` to every element (not for hot loops: it takes a closure).
    public func map(_ transform: (Float) -> Float) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: storage.map(transform))
    }

    /// Row-wise softmax, numerically stable (each row shifted by its maximum).
    public func softmaxRows() -> Matrix {
        var result = self
        let cols = self.cols
        result.storage.withUnsafeMutableBufferPointer { x in
            for r in 0..<rows {
                let base = r * cols
                var maximum = -Float.infinity
                for c in 0..<cols { maximum = Swift.max(maximum, x[base + c]) }
                var total: Float = 0
                for c in 0..<cols {
                    let e = expf(x[base + c] - maximum)
                    x[base + c] = e
                    total += e
                }
                let inverse = 1 / total
                for c in 0..<cols { x[base + c] *= inverse }
            }
        }
        return result
    }
}
