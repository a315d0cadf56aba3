/// A rendered-agnostic table: a title, column names, rows of typed cells and footnotes.
///
/// `Comparison` builds tables from the ledger; `TerminalRenderer`, `MarkdownRenderer`,
/// `CSVRenderer` and `JSONRenderer` turn them into text. Cells keep their numbers, so each
/// renderer decides on rounding, alignment and colour.
public struct Table: Sendable, Equatable, Codable {
    /// An optional caption shown above the table.
    public var title: String?
    /// The column headers.
    public var columns: [String]
    /// The body, one array of cells per row; a short row is padded with empty cells.
    public var rows: [[TableCell]]
    /// Footnotes shown below the table, such as what `*` means.
    public var notes: [String]

    /// Creates a table.
    public init(
        title: String? = nil, columns: [String], rows: [[TableCell]] = [], notes: [String] = []
    ) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }

    /// The cell at (row, column), or `.empty` past the end of a short row.
    public func cell(row: Int, column: Int) -> TableCell {
        let cells = rows[row]
        return column < cells.count ? cells[column] : .empty
    }

    /// Whether a column holds numbers: at least one numeric cell and no text cells.
    public func isNumericColumn(_ column: Int) -> Bool {
        var sawNumber = false
        for row in rows.indices {
            let cell = cell(row: row, column: column)
            if case .text = cell { return false }
            if cell.isNumeric { sawNumber = true }
        }
        return sawNumber
    }
}

extension Table {
    /// Lists a ledger row by row with every field, values at `digits` decimals.
    public init(ledger: Ledger, digits: Int = 4) {
        let columns = [
            "cell", "scenario", "dataset", "role", "risk", "metric", "value", "seed", "seconds",
            "repetition", "flags", "note",
        ]
        var rows: [[TableCell]] = []
        for row in ledger.rows {
            let value: TableCell = row.value.map { .number($0, digits: digits) } ?? .undefined
            let repetition: TableCell =
                row.repetition.map { .number(Double($0), digits: 0) } ?? .empty
            let flags = row.flags.map(\.rawValue).sorted().joined(separator: ";")
            var cells: [TableCell] = [.number(Double(row.cell), digits: 0), .text(row.scenario)]
            cells += [.text(row.dataset), .text(row.role.rawValue), .text(row.risk)]
            cells += [.text(row.metricName), value, .text(String(row.seed))]
            cells += [.number(row.seconds, digits: 2), repetition, .text(flags)]
            cells.append(row.note.map { .text($0) } ?? .empty)
            rows.append(cells)
        }
        self.init(columns: columns, rows: rows)
    }
}
