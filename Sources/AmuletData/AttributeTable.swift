/// A table of per-image attributes: which file each row describes and its numeric columns.
///
/// Three layouts are read, told apart by their first line:
/// - CelebA's `list_attr_celeba.txt`: the row count, then the attribute names, then one row
///   per image, `000001.jpg -1 1 …` (values ±1, separated by spaces);
/// - LFW's attribute file (`lfw_attributes.txt`): comment lines, the last of which names the
///   tab-separated columns `person`, `imagenum` and the attributes (real-valued scores, > 0
///   meaning present); the image is `Person_Name/Person_Name_0001.jpg`, as LFW is laid out;
/// - a CSV with a header whose first column is the image's path (relative to the folder).
///
/// References: Liu, Luo, Wang & Tang, "Deep Learning Face Attributes in the Wild", ICCV 2015
/// (CelebA); Kumar, Berg, Belhumeur & Nayar, "Attribute and Simile Classifiers for Face
/// Verification", ICCV 2009 (LFW attributes).
public struct AttributeTable: Sendable, Equatable {
    /// The layouts read.
    public enum Layout: String, Sendable {
        /// `list_attr_celeba.txt`.
        case celebA
        /// `lfw_attributes.txt`.
        case lfw
        /// A CSV whose first column is the path.
        case csv
    }

    /// The layout found.
    public var layout: Layout
    /// Attribute names, in column order.
    public var columns: [String]
    /// Each row's image path (relative to the image folder).
    public var files: [String]
    /// Each row's values, one per column.
    public var values: [[Double]]
    /// Each row's line number in the file (for errors).
    public var lines: [Int]

    /// Parses `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(DataError) -> AttributeTable {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { String($0) }
        guard let first = lines.first(where: { !$0.trimmingCharactersInWhitespace.isEmpty }) else {
            throw .malformed(file: file, line: 1, column: 1, reason: "the attribute table is empty")
        }
        if first.hasPrefix("#") { return try lfw(lines, file: file) }
        if Int(first.trimmingCharactersInWhitespace) != nil { return try celebA(lines, file: file) }
        return try csv(text, file: file)
    }

    /// The column's index, or an error listing the columns.
    public func column(_ name: String, file: String) throws(DataError) -> Int {
        guard let index = columns.firstIndex(of: name) else {
            throw .unknownColumn(file: file, column: name, available: columns)
        }
        return index
    }

    static func celebA(_ lines: [String], file: String) throws(DataError) -> AttributeTable {
        let declared = Int(lines[0].trimmingCharactersInWhitespace) ?? 0
        guard lines.count > 1 else {
            throw .malformed(file: file, line: 2, column: 1, reason: "no attribute names")
        }
        let columns = lines[1].split(whereSeparator: \.isWhitespace).map(String.init)
        var table = AttributeTable(
            layout: .celebA, columns: columns, files: [], values: [], lines: [])
        for (index, line) in lines.enumerated().dropFirst(2) {
            let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if fields.isEmpty { continue }
            try table.append(
                file: fields[0], fields: Array(fields.dropFirst()), line: index + 1, source: file)
        }
        guard table.files.count == declared else {
            throw .malformed(
                file: file, line: 1, column: 1,
                reason: "the first line promises \(declared) rows, the table has "
                    + "\(table.files.count) (truncated?)")
        }
        return table
    }

    static func lfw(_ lines: [String], file: String) throws(DataError) -> AttributeTable {
        guard let headerIndex = lines.lastIndex(where: { $0.hasPrefix("#") }) else {
            throw .malformed(file: file, line: 1, column: 1, reason: "no header line")
        }
        let header = lines[headerIndex].dropFirst().split(separator: "\t").map {
            String($0).trimmingCharactersInWhitespace
        }.filter { !$0.isEmpty }
        guard header.count > 2, header[0] == "person", header[1] == "imagenum" else {
            throw .malformed(
                file: file, line: headerIndex + 1, column: 1,
                reason: "expected a '# person<TAB>imagenum<TAB>…' header line (LFW attributes)")
        }
        var table = AttributeTable(
            layout: .lfw, columns: Array(header.dropFirst(2)), files: [], values: [], lines: [])
        for (index, line) in lines.enumerated().dropFirst(headerIndex + 1) {
            let fields = line.split(separator: "\t").map(String.init)
            if fields.isEmpty || line.trimmingCharactersInWhitespace.isEmpty { continue }
            guard fields.count >= 2, let number = Int(fields[1].trimmingCharactersInWhitespace)
            else {
                throw .malformed(
                    file: file, line: index + 1, column: 1,
                    reason: "expected person<TAB>imagenum<TAB>values")
            }
            let person = fields[0].replacingSpaces(with: "_")
            let padded = String(repeating: "0", count: max(0, 4 - String(number).count))
            try table.append(
                file: "\(person)/\(person)_\(padded)\(number).jpg",
                fields: Array(fields.dropFirst(2)), line: index + 1, source: file)
        }
        return table
    }

    static func csv(_ text: String, file: String) throws(DataError) -> AttributeTable {
        let records = try CSVReader().parse(text, file: file)
        guard let header = records.first, header.fields.count >= 2 else {
            throw .malformed(
                file: file, line: 1, column: 1,
                reason: "expected a header: the image path, then attribute columns")
        }
        var table = AttributeTable(
            layout: .csv, columns: Array(header.fields.dropFirst()), files: [], values: [],
            lines: [])
        for record in records.dropFirst() {
            try table.append(
                file: record.fields[0], fields: Array(record.fields.dropFirst()),
                line: record.line, source: file)
        }
        return table
    }

    /// Adds one row, checking its width and numbers.
    mutating func append(file path: String, fields: [String], line: Int, source: String)
        throws(DataError)
    {
        guard fields.count == columns.count else {
            throw .malformed(
                file: source, line: line, column: 1,
                reason: "\(fields.count) values for \(columns.count) attribute columns")
        }
        var row: [Double] = []
        for (i, field) in fields.enumerated() {
            guard let value = Double(field.trimmingCharactersInWhitespace), value.isFinite else {
                throw .malformed(
                    file: source, line: line, column: i + 2,
                    reason: "'\(field)' in column \(columns[i]) is not a number")
            }
            row.append(value)
        }
        files.append(path)
        values.append(row)
        lines.append(line)
    }
}

extension String {
    /// The text without leading and trailing whitespace (Foundation-free).
    var trimmingCharactersInWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The text with every space replaced.
    func replacingSpaces(with replacement: Character) -> String {
        String(map { $0 == " " ? replacement : $0 })
    }
}
