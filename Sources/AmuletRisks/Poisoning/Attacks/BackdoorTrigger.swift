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

    /// The trigger in pixels, for a note: `a 3×3 patch at rows 29–31, columns 29–31 of 3
    /// channels, set to 1.0` (a rectangle's every pixel in every channel it touches), else
    /// `27 pixel values within rows …`.
    public func pixelDescription(channels: Int, height: Int, width: Int) -> String {
        let plane = max(height * width, 1)
        let places = columns.map { (channel: $0 / plane, y: $0 % plane / width, x: $0 % width) }
        guard let first = places.first else { return "no pixels" }
        let ys = places.map(\.y)
        let xs = places.map(\.x)
        let (top, bottom) = (ys.min() ?? first.y, ys.max() ?? first.y)
        let (left, right) = (xs.min() ?? first.x, xs.max() ?? first.x)
        let touched = Set(places.map(\.channel)).count
        let rows = top == bottom ? "row \(top)" : "rows \(top)–\(bottom)"
        let cols = left == right ? "column \(left)" : "columns \(left)–\(right)"
        let location = "\(rows), \(cols) of \(touched) channel\(touched == 1 ? "" : "s")"
        let same = Set(values).count == 1 ? ", set to \(values[0])" : ""
        let side = (bottom - top + 1, right - left + 1)
        if side.0 * side.1 * touched == Set(columns).count {
            return "a \(side.0)×\(side.1) patch at \(location)\(same)"
        }
        return "\(columns.count) pixel values within \(location)\(same)"
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
