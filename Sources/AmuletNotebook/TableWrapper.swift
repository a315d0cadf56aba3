/// Splits a table too wide for a terminal into blocks that fit, one under the other.
///
/// The leading text columns (risk, metric, scenario) are the table's keys: every block
/// repeats them, and so does a pivot's reference column, which every Δ is taken against. The other columns are split between blocks greedily, and a `Δ` column stays
/// in the block of the value before it. When the keys and one column still do not fit, the
/// widest key column is shortened with `…` (to no fewer than 8 characters).
struct TableWrapper {
    /// The widest line allowed.
    var width: Int
    /// Characters between columns.
    var separator: Int

    /// The blocks, each a table with the same title, rows and notes as `table`.
    func blocks(of table: Table, widths: [Int]) -> [Table] {
        var keyCount = keyColumnCount(table, columnCount: widths.count)
        var widths = widths
        var table = table
        var units = columnUnits(table, from: keyCount, columnCount: widths.count)
        // A pivot's reference column (a value with no Δ, before the value-and-Δ pairs) is what
        // every Δ is taken against: it repeats in each block like the keys.
        if units.count > 2, units[0].count == 1, units.dropFirst().allSatisfy({ $0.count == 2 }) {
            keyCount += 1
            units.removeFirst()
        }
        let widestUnit = units.map { unitWidth($0, widths) }.max() ?? 0
        var keyWidth = widths[..<keyCount].reduce(0, +) + separator * keyCount
        while keyCount > 0, keyWidth + widestUnit > width {
            guard let widest = (0..<keyCount).max(by: { widths[$0] < widths[$1] }),
                widths[widest] > 8
            else { break }
            let target = max(8, widths[widest] - (keyWidth + widestUnit - width))
            table = shortened(table, column: widest, to: target)
            keyWidth -= widths[widest] - target
            widths[widest] = target
        }
        if units.isEmpty { return [table] }
        var blocks: [[Int]] = []
        var current: [Int] = []
        var used = keyWidth
        for unit in units {
            let extra = unitWidth(unit, widths)
            if !current.isEmpty && used + extra > width {
                blocks.append(current)
                current = []
                used = keyWidth
            }
            current += unit
            used += extra
        }
        if !current.isEmpty { blocks.append(current) }
        let keys = Array(0..<keyCount)
        return blocks.map { columns in project(table, columns: keys + columns) }
    }

    /// The count of leading columns that hold text: the keys every block repeats.
    private func keyColumnCount(_ table: Table, columnCount: Int) -> Int {
        var count = 0
        while count < columnCount - 1 && !table.isNumericColumn(count) { count += 1 }
        return count
    }

    /// The non-key columns in units that stay together: a value and the Δ after it.
    private func columnUnits(_ table: Table, from start: Int, columnCount: Int) -> [[Int]] {
        var units: [[Int]] = []
        for column in start..<columnCount {
            let header = column < table.columns.count ? table.columns[column] : ""
            if header == "Δ", !units.isEmpty {
                units[units.count - 1].append(column)
            } else {
                units.append([column])
            }
        }
        return units
    }

    /// The width a unit adds to a line, separators included.
    private func unitWidth(_ unit: [Int], _ widths: [Int]) -> Int {
        unit.reduce(0) { $0 + widths[$1] + separator }
    }

    /// The table with only `columns`, in that order.
    private func project(_ table: Table, columns: [Int]) -> Table {
        Table(
            title: table.title,
            columns: columns.map { $0 < table.columns.count ? table.columns[$0] : "" },
            rows: table.rows.indices.map { row in
                columns.map { table.cell(row: row, column: $0) }
            },
            notes: table.notes)
    }

    /// The table with the text of `column` (header and cells) cut to `limit` characters.
    private func shortened(_ table: Table, column: Int, to limit: Int) -> Table {
        var table = table
        if column < table.columns.count {
            table.columns[column] = Self.cut(table.columns[column], to: limit)
        }
        for row in table.rows.indices where column < table.rows[row].count {
            if case .text(let text) = table.rows[row][column] {
                table.rows[row][column] = .text(Self.cut(text, to: limit))
            }
        }
        return table
    }

    /// `text` cut to `limit` characters, the last one an ellipsis, when longer.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
