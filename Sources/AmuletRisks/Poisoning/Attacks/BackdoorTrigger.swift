import AmuletData
import AmuletTensor

/// A BadNets trigger: fixed feature columns set to one value.
///
/// On tabular data the default trigger sets the `count` numeric (non-binary) columns of largest
/// variance to 1, the top of their min-max scaled range: a rare but plausible combination (on
/// Adult: age, years of education and hours per week all at their maximum) that moves a row by
/// about one unit, less than one changed category (√2), so triggered rows stay near their clean
/// neighbours. On images it is a square patch in the bottom-right corner of every channel, as
/// in the paper's MNIST experiments.
///
/// Reference: Gu, Dolan-Gavitt & Garg, "BadNets: Identifying Vulnerabilities in the Machine
/// Learning Model Supply Chain", arXiv:1708.06733 (2017).
public struct BackdoorTrigger: Sendable, Equatable, CustomStringConvertible {
    /// Feature columns the trigger sets.
    public var columns: [Int]
    /// The value they are set to.
    public var value: Float

    /// A trigger on `columns` with `value`.
    public init(columns: [Int], value: Float) {
        self.columns = columns
        self.value = value
    }

    /// Sets the trigger columns of row `row` of `features`.
    public func apply(to features: inout Matrix, row: Int) {
        for c in columns { features[row, c] = value }
    }

    /// A copy of `features` with the trigger on every row.
    public func applied(to features: Matrix) -> Matrix {
        var out = features
        for r in 0..<out.rows { apply(to: &out, row: r) }
        return out
    }

    /// `[c1, c2, …]=value`, for labels and cache keys.
    public var description: String {
        "[\(columns.map(String.init).joined(separator: ","))]=\(value)"
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
