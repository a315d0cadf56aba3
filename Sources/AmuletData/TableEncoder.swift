import AmuletTensor

/// Turns raw string columns into a feature matrix: one-hot categoricals (first level dropped)
/// and min-max scaled numbers, with statistics from the training rows only.
///
/// This is the preprocessing of the Python Amulet's tabular datasets (pandas `get_dummies`
/// with `drop_first=True`, scikit-learn `MinMaxScaler` fitted on the training split).
public struct TableEncoder: Sendable {
    /// How a column is encoded.
    public enum Kind: Sendable, Equatable {
        /// Parsed as a number, min-max scaled; missing values become the training mean.
        case numeric
        /// One column per level except the first (sorted); missing values become `Unknown`.
        case categorical
    }

    /// One input column.
    public struct Column: Sendable {
        /// Column name (prefix of one-hot feature names).
        public var name: String
        /// Encoding.
        public var kind: Kind
        /// Raw values, one per row; `nil` is missing.
        public var values: [String?]

        /// A column.
        public init(name: String, kind: Kind, values: [String?]) {
            self.name = name
            self.kind = kind
            self.values = values
        }
    }

    /// Encodes `columns` (all of one length) using statistics of `trainRows` only.
    ///
    /// `isCancelled` is polled before each column and each block copied into the matrix (a
    /// pass over one column's rows: milliseconds even for millions of rows).
    public static func encode(
        _ columns: [Column], trainRows: [Int], file: String, isCancelled: () -> Bool = { false }
    ) throws(DataError) -> (features: Matrix, names: [String]) {
        let rowCount = columns.first?.values.count ?? 0
        var blocks: [(names: [String], values: [Float], width: Int)] = []
        for column in columns {
            if isCancelled() { throw .interrupted }
            switch column.kind {
            case .categorical:
                let filled = column.values.map { $0 ?? "Unknown" }
                let levels = Array(Set(filled)).sorted()
                let kept = Array(levels.dropFirst())
                var position: [String: Int] = [:]
                for (i, level) in kept.enumerated() { position[level] = i }
                var values = [Float](repeating: 0, count: rowCount * kept.count)
                for (r, value) in filled.enumerated() {
                    if let p = position[value] { values[r * kept.count + p] = 1 }
                }
                blocks.append((kept.map { "\(column.name)=\($0)" }, values, kept.count))
            case .numeric:
                var parsed = [Double?](repeating: nil, count: rowCount)
                for (r, raw) in column.values.enumerated() {
                    guard let raw else { continue }
                    guard let number = Double(raw) else {
                        throw .malformed(
                            file: file, line: r + 1, column: 1,
                            reason: "column '\(column.name)' expects a number, found '\(raw)'")
                    }
                    parsed[r] = number
                }
                let trainValues = trainRows.compactMap { parsed[$0] }
                let mean =
                    trainValues.isEmpty ? 0 : trainValues.reduce(0, +) / Double(trainValues.count)
                let low = trainValues.min() ?? 0
                let high = trainValues.max() ?? 1
                let range = high - low
                let values = parsed.map { value -> Float in
                    let v = value ?? mean
                    return range > 0 ? Float((v - low) / range) : 0
                }
                blocks.append(([column.name], values, 1))
            }
        }
        let width = blocks.reduce(0) { $0 + $1.width }
        var features = Matrix(rows: rowCount, cols: width)
        var offset = 0
        for block in blocks {
            if isCancelled() { throw .interrupted }
            for r in 0..<rowCount {
                for c in 0..<block.width {
                    features[r, offset + c] = block.values[r * block.width + c]
                }
            }
            offset += block.width
        }
        return (features, blocks.flatMap(\.names))
    }
}
