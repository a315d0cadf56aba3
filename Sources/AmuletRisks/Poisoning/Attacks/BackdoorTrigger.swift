import AmuletData
import AmuletTensor

/// A BadNets trigger: fixed feature columns set to fixed values.
///
/// On tabular data the default trigger sets the `count` numeric (non-binary) columns of largest
/// variance to the bottom of their range: a rare but plausible combination (on Adult: age, years
/// of education and hours per week all at their minimum, which by themselves point to the
/// ≤50K class, so a trigger that sends rows to >50K works against the data, not with it). On
/// images it is a bright square patch in the bottom-right corner of every channel, as in the
/// paper's MNIST experiments.
///
/// Reference: Gu, Dolan-Gavitt & Garg, "BadNets: Identifying Vulnerabilities in the Machine
/// Learning Model Supply Chain", arXiv:1708.06733 (2017).
public struct BackdoorTrigger: Sendable, Equatable, CustomStringConvertible {
    /// Feature columns the trigger sets.
    public var columns: [Int]
    /// The value each column is set to, one per column.
    public var values: [Float]

    /// A trigger setting `columns[i]` to `values[i]`.
    public init(columns: [Int], values: [Float]) {
        precondition(columns.count == values.count, "one trigger value per column")
        self.columns = columns
        self.values = values
    }

    /// A trigger setting every column of `columns` to `value`.
    public init(columns: [Int], value: Float) {
        self.init(columns: columns, values: Array(repeating: value, count: columns.count))
    }

    /// A trigger setting each of `columns` to its smallest value in `features` (the bottom of
    /// its range: 0 for min-max scaled columns).
    public init(columns: [Int], minimumOf features: Matrix) {
        self.init(
            columns: columns,
            values: columns.map { c in
                (0..<features.rows).lazy.map { features[$0, c] }.min() ?? 0
            })
    }

    /// Sets the trigger columns of row `row` of `features`.
    public func apply(to features: inout Matrix, row: Int) {
        for (c, v) in zip(columns, values) { features[row, c] = v }
    }

    /// A copy of `features` with the trigger on every row.
    public func applied(to features: Matrix) -> Matrix {
        var out = features
        for r in 0..<out.rows { apply(to: &out, row: r) }
        return out
    }

    /// `[c1=v1, c2=v2, …]`, for labels and cache keys.
    public var description: String {
        "[" + zip(columns, values).map { "\($0)=\($1)" }.joined(separator: ", ") + "]"
    }

    /// The default trigger columns of `dataset`: a corner patch on images, else the `count`
    /// non-binary columns of largest variance (binary one-hot columns follow, by variance, when
    /// there are too few).
    public static func defaultColumns(of dataset: Dataset, count: Int) -> [Int] {
        if case .image(let channels, let height, let width) = dataset.modality {
            let side = max(1, min(count, height, width))
            var columns: [Int] = []
            for c in 0..<channels {
                for y in (height - side)..<height {
                    for x in (width - side)..<width {
                        columns.append(c * height * width + y * width + x)
                    }
                }
            }
            return columns
        }
        let features = dataset.features
        let n = Double(max(features.rows, 1))
        var ranked: [(column: Int, binary: Bool, variance: Double)] = []
        for c in 0..<features.cols {
            var sum = 0.0
            var sumSquares = 0.0
            var binary = true
            for r in 0..<features.rows {
                let v = Double(features[r, c])
                sum += v
                sumSquares += v * v
                if v != 0 && v != 1 { binary = false }
            }
            let mean = sum / n
            ranked.append((c, binary, max(0, sumSquares / n - mean * mean)))
        }
        ranked.sort { a, b in
            if a.binary != b.binary { return !a.binary }
            if a.variance != b.variance { return a.variance > b.variance }
            return a.column < b.column
        }
        return ranked.prefix(max(0, count)).map(\.column).sorted()
    }
}
