/// A dense Float32 matrix, row-major, in one contiguous buffer.
///
/// A value type: copies share the buffer until one is written (copy-on-write of `[Float]`).
/// Images are rows of flattened C×H×W pixels. Shapes are checked with `precondition` inside
/// the engine; anything that comes from a user or a file is validated before it gets here.
public struct Matrix: Sendable, Equatable, Hashable {
    /// Number of rows (samples, usually).
    public private(set) var rows: Int
    /// Number of columns (features, usually).
    public private(set) var cols: Int
    /// The elements, row after row: element (r, c) is `storage[r * cols + c]`.
    public var storage: [Float]

    /// A matrix filled with one value.
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "negative matrix shape")
        self.rows = rows
        self.cols = cols
        self.storage = [Float](repeating: value, count: rows * cols)
    }

    /// A matrix over the given row-major elements; `storage.count` must be `rows * cols`.
    public init(rows: Int, cols: Int, storage: [Float]) {
        precondition(storage.count == rows * cols, "storage count does not match shape")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from an array of equally long rows.
    public init(_ rowArrays: [[Float]]) {
        let cols = rowArrays.first?.count ?? 0
        var storage = [Float]()
        storage.reserveCapacity(rowArrays.count * cols)
        for row in rowArrays {
            precondition(row.count == cols, "ragged rows")
            storage.append(contentsOf: row)
        }
        self.init(rows: rowArrays.count, cols: cols, storage: storage)
    }

    /// A matrix of zeros.
    public static func zeros(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols)
    }

    /// The number of elements.
    public var count: Int { rows * cols }

    /// The shape as a pair, for messages and comparisons.
    public var shape: Shape { Shape(rows: rows, cols: cols) }

    /// Element (row, col).
    @inlinable public subscript(row: Int, col: Int) -> Float {
        get { storage[row * cols + col] }
        set { storage[row * cols + col] = newValue }
    }

    /// A copy of row `index`.
    public func row(_ index: Int) -> [Float] {
        Array(storage[index * cols..<(index + 1) * cols])
    }

    /// Replaces row `index` with `values`.
    public mutating func setRow(_ index: Int, _ values: [Float]) {
        precondition(values.count == cols, "row length does not match")
        storage.replaceSubrange(index * cols..<(index + 1) * cols, with: values)
    }

    /// Gives the matrix a new shape in place, keeping its buffer's capacity; used by layers that
    /// reuse one workspace per batch instead of allocating.
    ///
    /// The elements after the call are unspecified (old values or zeros): callers overwrite
    /// every one. Shrinking and growing back to a size seen before does not allocate.
    public mutating func resize(rows newRows: Int, cols newCols: Int) {
        precondition(newRows >= 0 && newCols >= 0, "negative matrix shape")
        let newCount = newRows * newCols
        if storage.count > newCount {
            storage.removeLast(storage.count - newCount)
        } else if storage.count < newCount {
            storage.append(contentsOf: repeatElement(0, count: newCount - storage.count))
        }
        rows = newRows
        cols = newCols
    }

    /// Makes this matrix a copy of `other` in its own buffer: no allocation when the buffer is
    /// uniquely held and large enough (a workspace reused between steps).
    public mutating func assign(_ other: Matrix) {
        resize(rows: other.rows, cols: other.cols)
        storage.withUnsafeMutableBufferPointer { target in
            other.storage.withUnsafeBufferPointer { source in
                _ = target.update(fromContentsOf: source)
            }
        }
    }

    /// Reinterprets the buffer with a new shape of the same element count.
    public func reshaped(rows newRows: Int, cols newCols: Int) -> Matrix {
        Matrix(rows: newRows, cols: newCols, storage: storage)
    }

    /// The transpose, materialised.
    public var transposed: Matrix {
        var result = Matrix(rows: cols, cols: rows)
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                for r in 0..<rows {
                    for c in 0..<cols { target[c * rows + r] = source[r * cols + c] }
                }
            }
        }
        return result
    }
}

/// A matrix shape, printed as `rows×cols`.
public struct Shape: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Number of rows.
    public var rows: Int
    /// Number of columns.
    public var cols: Int
    /// Creates a shape.
    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
    }
    /// `rows×cols`.
    public var description: String { "\(rows)×\(cols)" }
}

/// Errors raised by matrix operations whose shapes come from outside the engine.
public enum MatrixError: Error, Sendable, Equatable {
    /// Two operands of `operation` have shapes that do not fit together.
    case shapeMismatch(operation: String, left: Shape, right: Shape)
}
