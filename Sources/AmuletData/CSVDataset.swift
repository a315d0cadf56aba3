import AmuletTensor
import Foundation

/// A user's own table: a CSV file with a header, a target column and sensitive columns.
///
/// Empty fields, `?`, `NA` and `null` are missing. A feature column is classified by its
/// filled cells:
/// - all parse as numbers: numeric (min-max scaled, missing values imputed with the training
///   mean). A cell that parses but is not finite (`nan`, `inf`, `-inf`, `1e309`) is an error,
///   because it would poison the scaling and training; write a number or mark it missing.
/// - at least 90% parse as numbers, but not all: an error at the first cell that does not.
///   Such a column is numeric with a typo (`12O`, `n/a`), and encoding it as categories would
///   silently turn it into hundreds of one-hot columns.
/// - fewer than 90%: categorical (one-hot, first level dropped, missing becomes `Unknown`).
///
/// The target's distinct values, sorted, are the classes. A sensitive column with two values
/// codes the second (sorted) as 1; with more, its most frequent value is 1. Duplicate column
/// names and NUL characters are errors. Every cell error names file:line:column (1-based,
/// column in characters).
///
/// Memory is estimated twice before allocating, against the machine's physical memory: about
/// ten bytes per byte of file before reading it (the text, and every field as a string), and
/// three Float32 copies of rows × encoded width (one-hot levels included) before encoding.
public enum CSVDataset {
    static let missingMarkers: Set<String> = ["", "?", "NA", "null"]
    /// The share of filled cells that must parse as numbers for a column to count as numeric.
    static let numericShare = 0.9

    /// Reads the CSV at `path` and splits it with `seed`, stratified on the target.
    ///
    /// `isCancelled` is polled while the text is parsed (every 65,536 characters), before
    /// each column is classified and while the table is encoded, so Ctrl-C stops the load of a
    /// large file within milliseconds.
    ///
    /// - Throws: `DataError` for an unreadable or malformed file (`.interrupted` when
    ///   cancelled); `ResourceError` (parameter `path`) when the file or its encoding would
    ///   not fit in `memoryBudget`.
    public static func load(
        path: String, target: String, sensitive: [String], seed: UInt64, testFraction: Double = 0.5,
        memoryBudget: MemoryBudget = .physical(), isCancelled: () -> Bool = { false }
    ) throws -> DataSplit {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
        {
            try memoryBudget.check(
                neededBytes: MemoryBudget.product(size.intValue, 10), parameter: "path")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.invalidParameter(
                "cannot read '\(path)': no such file or not readable")
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let records = try CSVReader().parse(
            String(decoding: data, as: UTF8.self), file: name, isCancelled: isCancelled)
        guard let header = records.first?.fields, records.count > 1 else {
            throw DataError.malformed(
                file: name, line: 1, column: 1, reason: "needs a header and at least one row")
        }
        try checkUniqueNames(records[0], file: name)
        for record in records.dropFirst() where record.fields.count != header.count {
            throw DataError.malformed(
                file: name, line: record.line, column: 1,
                reason:
                    "expected \(header.count) fields as in the header, found \(record.fields.count)"
            )
        }
        guard let targetIndex = header.firstIndex(of: target) else {
            throw DataError.unknownColumn(file: name, column: target, available: header)
        }
        var sensitiveIndices: [Int] = []
        for column in sensitive {
            guard let i = header.firstIndex(of: column) else {
                throw DataError.unknownColumn(file: name, column: column, available: header)
            }
            sensitiveIndices.append(i)
        }
        let rows = records.dropFirst().map(\.fields)
        for (offset, row) in rows.enumerated() where missingMarkers.contains(row[targetIndex]) {
            throw DataError.malformed(
                file: name, line: records[offset + 1].line, column: targetIndex + 1,
                reason: "target '\(target)' is missing in this row")
        }
        let classNames = Array(Set(rows.map { $0[targetIndex] })).sorted()
        guard classNames.count >= 2 else {
            throw DataError.invalidParameter(
                "target '\(target)' has a single value; nothing to predict")
        }
        let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let labels = rows.map { classIndex[$0[targetIndex]] ?? 0 }
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        var columns: [TableEncoder.Column] = []
        let dataRecords = Array(records.dropFirst())
        for (i, columnName) in header.enumerated()
        where i != targetIndex && !sensitiveIndices.contains(i) {
            if isCancelled() { throw DataError.interrupted }
            let values = rows.map { missingMarkers.contains($0[i]) ? nil : $0[i] }
            let kind = try columnKind(
                values, column: i, name: columnName, records: dataRecords, file: name)
            columns.append(.init(name: columnName, kind: kind, values: values))
        }
        try memoryBudget.check(
            neededBytes: encodedBytes(columns, rows: rows.count), parameter: "path")
        let (features, names) = try TableEncoder.encode(
            columns, trainRows: train, file: name, isCancelled: isCancelled)
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

    /// Three Float32 copies (encoder blocks, the matrix, its train and test subsets) of the
    /// encoded table, saturating instead of overflowing.
    static func encodedBytes(_ columns: [TableEncoder.Column], rows: Int) -> Int {
        var width = 0
        for column in columns {
            switch column.kind {
            case .numeric: width = MemoryBudget.sum(width, 1)
            case .categorical:
                width = MemoryBudget.sum(width, Set(column.values.map { $0 ?? "" }).count - 1)
            }
        }
        return MemoryBudget.product(rows, width, MemoryLayout<Float>.size, 3)
    }

    /// Throws at the second occurrence of a repeated header name.
    static func checkUniqueNames(_ header: CSVReader.Record, file: String) throws(DataError) {
        var seen: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            if let first = seen[name] {
                let at = header.position(ofField: i)
                throw .malformed(
                    file: file, line: at.line, column: at.column,
                    reason: "column name '\(name)' is used twice (columns \(first + 1) and "
                        + "\(i + 1)); rename one so each column has its own name")
            }
            seen[name] = i
        }
    }

    /// Numeric or categorical by the 90% rule in the type's documentation; throws at a bad cell.
    static func columnKind(
        _ values: [String?], column: Int, name: String, records: [CSVReader.Record], file: String
    ) throws(DataError) -> TableEncoder.Kind {
        var filled = 0
        var numbers = 0
        var firstWord: Int? = nil
        var firstNonFinite: Int? = nil
        for (r, value) in values.enumerated() {
            guard let value else { continue }
            filled += 1
            if let number = Double(value) {
                numbers += 1
                if !number.isFinite && firstNonFinite == nil { firstNonFinite = r }
            } else if firstWord == nil {
                firstWord = r
            }
        }
        if let r = firstWord {
            guard Double(numbers) >= numericShare * Double(filled) else { return .categorical }
            let at = records[r].position(ofField: column)
            throw .malformed(
                file: file, line: at.line, column: at.column,
                reason: "column '\(name)' holds numbers in \(numbers) of \(filled) filled rows, "
                    + "but this cell is '\(values[r] ?? "")'; correct it to a number, or leave it "
                    + "empty (or write ? or NA) if the value is missing")
        }
        if let r = firstNonFinite {
            let at = records[r].position(ofField: column)
            throw .malformed(
                file: file, line: at.line, column: at.column,
                reason: "column '\(name)' has the non-finite number '\(values[r] ?? "")'; write a "
                    + "finite number, or leave the cell empty (or write ? or NA) if it is missing")
        }
        return .numeric
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
