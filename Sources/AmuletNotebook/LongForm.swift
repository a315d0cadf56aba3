/// The ledger in long form: one row per measured value, with the columns a data frame wants.
///
/// Columns: `cell`, `scenario`, `metric`, `value`, `seed`, `repetition`. This is the shape of
/// `--format csv` (one CSV for the whole run, whatever the cells print) and of `show ledger`.
/// Timings are left out, so two runs of one script give identical rows.
///
/// Reference: Wickham, "Tidy Data", Journal of Statistical Software 59(10) (2014).
public enum LongForm {
    /// The column names, in order.
    public static let columns = ["cell", "scenario", "metric", "value", "seed", "repetition"]

    /// The rows as a table; values rounded to `digits` for display (CSV keeps every digit).
    public static func table(_ rows: [LedgerRow], digits: Int = 4) -> Table {
        let cells = rows.map { row -> [TableCell] in
            [
                .number(Double(row.cell), digits: 0), .text(row.scenario), .text(row.metricName),
                row.value.map { .number($0, digits: digits) } ?? .undefined,
                .text(String(row.seed)),
                row.repetition.map { .number(Double($0), digits: 0) } ?? .empty,
            ]
        }
        return Table(columns: columns, rows: cells)
    }

    /// The rows as CSV records with full-precision values, preceded by the header when
    /// `header` is set; an undefined value or absent repetition is an empty field.
    public static func csv(_ rows: [LedgerRow], header: Bool) -> String {
        var records = header ? [columns] : []
        for row in rows {
            records.append([
                String(row.cell), row.scenario, row.metricName, row.value.map { "\($0)" } ?? "",
                String(row.seed), row.repetition.map(String.init) ?? "",
            ])
        }
        return records.map { $0.map(CSVRenderer.field).joined(separator: ",") + "\n" }.joined()
    }
}
