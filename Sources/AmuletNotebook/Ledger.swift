/// The session's result ledger: every row that `attack` and `measure` produced, in order.
///
/// Encodes as a plain JSON array of rows, so the output of `JSONRenderer.render(ledger:)`
/// decodes back into an equal ledger.
public struct Ledger: Sendable, Codable, Equatable {
    /// All rows, oldest first.
    public private(set) var rows: [LedgerRow]

    /// Creates a ledger holding `rows`.
    public init(rows: [LedgerRow] = []) {
        self.rows = rows
    }

    /// Whether the ledger holds no rows.
    public var isEmpty: Bool { rows.isEmpty }

    /// The number of rows.
    public var count: Int { rows.count }

    /// The cell of the most recently appended row, or nil when the ledger is empty.
    public var lastCell: Int? { rows.last?.cell }

    /// Adds one row at the end.
    public mutating func append(_ row: LedgerRow) {
        rows.append(row)
    }

    /// Appends rows; a row of the same experiment (dataset, recipe, seed, repetition) and
    /// metric as an older one replaces it in place, so a metric measured again counts once in
    /// `compare` and the order of experiments (and so the reference column) does not move.
    public mutating func record(_ newRows: [LedgerRow]) {
        var position: [String: Int] = [:]
        for (index, row) in rows.enumerated() { position[row.identity] = index }
        for row in newRows {
            let identity = row.identity
            if let index = position[identity] {
                rows[index] = row
            } else {
                position[identity] = rows.count
                rows.append(row)
            }
        }
    }

    /// Appends rows in order.
    public mutating func append(contentsOf newRows: some Sequence<LedgerRow>) {
        rows.append(contentsOf: newRows)
    }

    /// Removes every row.
    public mutating func clear() {
        rows.removeAll()
    }

    /// The rows produced by one cell, in order.
    public func rows(inCell cell: Int) -> [LedgerRow] {
        rows.filter { $0.cell == cell }
    }

    /// A ledger holding only the rows of one cell.
    public func filtered(cell: Int) -> Ledger {
        Ledger(rows: rows(inCell: cell))
    }

    /// Decodes a ledger from a JSON array of rows.
    public init(from decoder: any Decoder) throws {
        rows = try decoder.singleValueContainer().decode([LedgerRow].self)
    }

    /// Encodes the ledger as a JSON array of rows.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rows)
    }
}
