import Foundation

/// Renders tables and the ledger as JSON, with numbers as JSON numbers.
///
/// The ledger becomes an array of row objects, one per line, with sorted keys and full-precision
/// values; `decodeLedger(_:)` reads it back. A table becomes an object with `title`, `columns`,
/// `rows` and `notes`, where a number cell is a number, an interval is
/// `{"half_width":…,"mean":…}`, a tested Δ is `{"delta":…,"significant":…}` and an empty
/// cell is `null`.
public struct JSONRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The ledger as a JSON array, one row object per line.
    ///
    /// Non-finite values, which JSON cannot hold, are written as the strings `"nan"`, `"inf"`
    /// and `"-inf"`.
    public func render(ledger: Ledger) -> String {
        let encoder = Self.encoder()
        guard !ledger.isEmpty else { return "[]" }
        let objects = ledger.rows.map { Self.encode($0, with: encoder) }
        return "[\n" + objects.joined(separator: ",\n") + "\n]"
    }

    /// The table as one JSON object; non-finite numbers become `null`.
    public func render(_ table: Table) -> String {
        Self.encode(TableDocument(table), with: Self.encoder())
    }

    /// Reads a ledger written by `render(ledger:)`, including its non-finite values.
    /// - Throws: `DecodingError` when the text is not such an array.
    public static func decodeLedger(_ text: String) throws -> Ledger {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(Ledger.self, from: Data(text.utf8))
    }

    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// Encodes a value that cannot fail to encode: only strings, integers, booleans and
    /// Doubles, with non-finite Doubles handled by the strategy above.
    private static func encode(_ value: some Encodable, with encoder: JSONEncoder) -> String {
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The JSON shape of a `Table`, with an explicit `null` title.
private struct TableDocument: Encodable {
    let table: Table

    init(_ table: Table) {
        self.table = table
    }

    private enum CodingKeys: String, CodingKey {
        case title, columns, rows, notes
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(table.title, forKey: .title)
        try container.encode(table.columns, forKey: .columns)
        try container.encode(table.rows.map { $0.map(CellDocument.init) }, forKey: .rows)
        try container.encode(table.notes, forKey: .notes)
    }
}

/// The JSON shape of a `TableCell`.
private struct CellDocument: Encodable {
    let cell: TableCell

    private enum CodingKeys: String, CodingKey {
        case mean, halfWidth = "half_width", delta, significant
    }

    func encode(to encoder: any Encoder) throws {
        switch cell {
        case .text(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .number(let value, _), .delta(let value, _, significant: nil):
            var container = encoder.singleValueContainer()
            try container.encode(value.isFinite ? value : nil)
        case .delta(let value, _, significant: .some(let significant)):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value.isFinite ? value : nil, forKey: .delta)
            try container.encode(significant, forKey: .significant)
        case .interval(let mean, let halfWidth, _):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(mean.isFinite ? mean : nil, forKey: .mean)
            try container.encode(halfWidth.isFinite ? halfWidth : nil, forKey: .halfWidth)
        case .empty, .undefined:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .flagged(let inner), .judged(let inner, _), .suffixed(let inner, _):
            try CellDocument(cell: inner).encode(to: encoder)
        }
    }
}
