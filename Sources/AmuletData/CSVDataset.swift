import AmuletTensor
import Foundation

/// A user's own table: a CSV file with a header, a target column and sensitive columns.
///
/// Columns whose non-missing values all parse as numbers are numeric (min-max scaled,
/// missing values imputed with the training mean); the rest are categorical (one-hot, first
/// level dropped, missing values become `Unknown`). Empty fields, `?`, `NA` and `NaN` are
/// missing. The target's distinct values, sorted, are the classes. A sensitive column with
/// two values codes the second (sorted) as 1; with more, its most frequent value is 1.
public enum CSVDataset {
    static let missingMarkers: Set<String> = ["", "?", "NA", "NaN", "nan", "null"]

    /// Reads the CSV at `path` and splits it with `seed`, stratified on the target.
    public static func load(
        path: String, target: String, sensitive: [String], seed: UInt64, testFraction: Double = 0.5
    ) throws(DataError) -> DataSplit {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidParameter("cannot read '\(path)': no such file or not readable")
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let records = try CSVReader().parse(String(decoding: data, as: UTF8.self), file: name)
        guard let header = records.first?.fields, records.count > 1 else {
            throw .malformed(
                file: name, line: 1, column: 1, reason: "needs a header and at least one row")
        }
        for record in records.dropFirst() where record.fields.count != header.count {
            throw .malformed(
                file: name, line: record.line, column: 1,
                reason:
                    "expected \(header.count) fields as in the header, found \(record.fields.count)"
            )
        }
        guard let targetIndex = header.firstIndex(of: target) else {
            throw .unknownColumn(file: name, column: target, available: header)
        }
        var sensitiveIndices: [Int] = []
        for column in sensitive {
            guard let i = header.firstIndex(of: column) else {
                throw .unknownColumn(file: name, column: column, available: header)
            }
            sensitiveIndices.append(i)
        }
        let rows = records.dropFirst().map(\.fields)
        for (offset, row) in rows.enumerated() where missingMarkers.contains(row[targetIndex]) {
            throw .malformed(
                file: name, line: records[offset + 1].line, column: targetIndex + 1,
                reason: "target '\(target)' is missing in this row")
        }
        let classNames = Array(Set(rows.map { $0[targetIndex] })).sorted()
        guard classNames.count >= 2 else {
            throw .invalidParameter("target '\(target)' has a single value; nothing to predict")
        }
        let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let labels = rows.map { classIndex[$0[targetIndex]] ?? 0 }
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        var columns: [TableEncoder.Column] = []
        for (i, columnName) in header.enumerated()
        where i != targetIndex && !sensitiveIndices.contains(i) {
            let values = rows.map { missingMarkers.contains($0[i]) ? nil : $0[i] }
            let numeric = values.allSatisfy { $0 == nil || Double($0 ?? "") != nil }
            columns.append(
                .init(name: columnName, kind: numeric ? .numeric : .categorical, values: values))
        }
        let (features, names) = try TableEncoder.encode(columns, trainRows: train, file: name)
        let attributes = sensitiveIndices.map { i in
            binaryAttribute(name: header[i], values: rows.map { $0[i] })
        }
        let all = Dataset(
            name: "csv", features: features, labels: labels, featureNames: names,
            classNames: classNames, sensitive: attributes)
        var hash = StableHash()
        data.withUnsafeBytes { hash.combine(bytes: $0) }
        return DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity: "csv|\(name)|\(hash.hex)|target=\(target)"
                + "|sensitive=\(sensitive.joined(separator: ","))|test=\(testFraction)|seed=\(seed)"
        )
    }

    static func binaryAttribute(name: String, values: [String]) -> SensitiveAttribute {
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        let levels = counts.keys.sorted()
        let positive: String
        if levels.count <= 2 {
            positive = levels.last ?? ""
        } else {
            positive = levels.max { (counts[$0] ?? 0, $1) < (counts[$1] ?? 0, $0) } ?? ""
        }
        let negative = levels.count == 2 ? (levels.first ?? "") : "not \(positive)"
        return SensitiveAttribute(
            name: name, positiveGroup: positive, negativeGroup: negative,
            values: values.map { $0 == positive ? 1 : 0 })
    }
}
