/// Renders tables and the ledger as CSV with RFC 4180 quoting and full-precision numbers.
///
/// A field containing a comma, a double quote, a carriage return or a newline is quoted, with
/// inner quotes doubled. Numbers keep every digit (Swift's shortest round-trip form), so a
/// CSV export carries the measured values, not the rounded display. Records end with `\n`.
///
/// Reference: Shafranovich, "Common Format and MIME Type for CSV Files", RFC 4180 (2005).
public struct CSVRenderer: Sendable {
    /// The ledger's columns, in the order `render(ledger:)` writes them.
    public static let ledgerColumns = [
        "cell", "scenario", "dataset", "recipe", "role", "risk", "metric", "unit", "direction",
        "value", "seed", "seconds", "repetition", "flags", "note",
    ]

    /// Creates a renderer.
    public init() {}

    /// The table as CSV: a header record, then one record per row; title and notes are left out.
    ///
    /// A column holding intervals is followed by a `<name> ci95` column with the half-width,
    /// and a column holding tested deltas by a `<name> significant` column (`true`/`false`).
    public func render(_ table: Table) -> String {
        let columnCount = table.rows.reduce(table.columns.count) { max($0, $1.count) }
        var header: [String] = []
        var layout: [(hasInterval: Bool, hasSignificance: Bool)] = []
        for column in 0..<columnCount {
            let cells = table.rows.indices.map { table.cell(row: $0, column: column) }
            let hasInterval = cells.contains {
                if case .interval = $0.unflagged { true } else { false }
            }
            let hasSignificance = cells.contains { cell in
                if case .delta(_, _, significant: .some) = cell.unflagged { true } else { false }
            }
            let name = column < table.columns.count ? table.columns[column] : ""
            header.append(name)
            if hasInterval { header.append("\(name) ci95") }
            if hasSignificance { header.append("\(name) significant") }
            layout.append((hasInterval, hasSignificance))
        }
        var records = [header]
        for row in table.rows.indices {
            var record: [String] = []
            for column in 0..<columnCount {
                let cell = table.cell(row: row, column: column)
                record.append(Self.value(of: cell))
                if layout[column].hasInterval {
                    if case .interval(_, let halfWidth, _) = cell.unflagged {
                        record.append(Self.number(halfWidth))
                    } else {
                        record.append("")
                    }
                }
                if layout[column].hasSignificance {
                    if case .delta(_, _, significant: .some(let significant)) = cell.unflagged {
                        record.append(String(significant))
                    } else {
                        record.append("")
                    }
                }
            }
            records.append(record)
        }
        return Self.join(records)
    }

    /// The ledger as CSV with the header `ledgerColumns`; an undefined value, an absent
    /// repetition or note is an empty field, flags are separated by `;`.
    public func render(ledger: Ledger) -> String {
        var records = [Self.ledgerColumns]
        for row in ledger.rows {
            records.append([
                String(row.cell), row.scenario, row.dataset, row.recipe, row.role.rawValue,
                row.risk, row.metricName, row.metric.unit.rawValue, row.metric.direction.rawValue,
                row.value.map(Self.number) ?? "", String(row.seed), Self.number(row.seconds),
                row.repetition.map(String.init) ?? "",
                row.flags.map(\.rawValue).sorted().joined(separator: ";"), row.note ?? "",
            ])
        }
        return Self.join(records)
    }

    /// Quotes a field when it holds a comma, a quote or a line break, doubling inner quotes.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0.isNewline }
        guard needsQuotes else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    /// A number in Swift's shortest form that reads back to the same Double.
    private static func number(_ value: Double) -> String {
        "\(value)"
    }

    /// The unrounded content of a cell: the text, the number, or an interval's mean.
    private static func value(of cell: TableCell) -> String {
        switch cell {
        case .text(let text): text
        case .number(let value, _), .delta(let value, _, _): number(value)
        case .interval(let mean, _, _): number(mean)
        case .empty, .undefined: ""
        case .flagged(let inner), .judged(let inner, _), .suffixed(let inner, _):
            value(of: inner)
        }
    }

    private static func join(_ records: [[String]]) -> String {
        records.map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }
}
