/// Shortens the long column headers of a table too wide for the terminal, before any metric
/// name is cut: scenario labels (`mlp-m1 epochs=3 + dp(eps=1)`) head the value columns of a
/// pivot and are far wider than the numbers under them.
///
/// First the words every long header shares at its start are dropped (`dp(eps=1)`,
/// `dp(eps=2)`), with a note naming them; when that leaves a header empty or still wider
/// than its numbers, the headers become `A`, `B`, … with a legend in the notes, one line
/// each. Only headers
/// wider than every cell below them change, so the key columns (risk, metric) and `Δ` stay.
struct HeaderAbbreviator {
    /// Each column's width without its header: its widest cell.
    var cellWidths: [Int]

    /// The table with its long headers shortened, or unchanged when none is longer than its
    /// cells.
    func abbreviate(_ table: Table) -> Table {
        let long = table.columns.indices.filter { column in
            column < cellWidths.count && table.columns[column] != "Δ"
                && table.columns[column].count > max(cellWidths[column], 1) + 2
                && table.isNumericColumn(column)
        }
        guard !long.isEmpty else { return table }
        let labels = long.map { table.columns[$0] }
        let prefix = Self.sharedWords(labels)
        var table = table
        if !prefix.isEmpty, long.count > 1 {
            let stripped = labels.map { String($0.dropFirst(prefix.count)) }
            let fits = zip(long, stripped).allSatisfy { column, label in
                !label.isEmpty && label.count <= max(cellWidths[column], 1) + 6
            }
            if fits {
                for (column, label) in zip(long, stripped) { table.columns[column] = label }
                table.notes.append("Scenarios: each column's label follows '\(prefix)'.")
                return table
            }
        }
        for (index, column) in long.enumerated() {
            let letter = Self.letter(index)
            table.notes.append("\(letter) = \(table.columns[column])")
            table.columns[column] = letter
        }
        return table
    }

    /// The table with a `scenario` column's labels replaced by letters and a legend in the
    /// notes, one line each: the same long label on every row of `compare latest` otherwise
    /// pushes the metric names past the terminal's edge.
    func abbreviateScenarioColumn(_ table: Table, longerThan limit: Int = 12) -> Table {
        guard let column = table.columns.firstIndex(of: "scenario"),
            !table.isNumericColumn(column)
        else { return table }
        var labels: [String] = []
        for row in table.rows.indices {
            let text = table.cell(row: row, column: column).displayText
            if !text.isEmpty, !labels.contains(text) { labels.append(text) }
        }
        guard labels.contains(where: { $0.count > limit }) else { return table }
        var table = table
        let used = table.columns.filter { header in
            header.count <= 2 && header.allSatisfy { $0.isASCII && $0.isUppercase }
        }.count
        for row in table.rows.indices where column < table.rows[row].count {
            if case .text(let text) = table.rows[row][column],
                let index = labels.firstIndex(of: text)
            {
                table.rows[row][column] = .text(Self.letter(used + index))
            }
        }
        for (index, label) in labels.enumerated() {
            table.notes.append("\(Self.letter(used + index)) = \(label)")
        }
        return table
    }

    /// The longest run of whole words (ending at a space) that every label starts with.
    static func sharedWords(_ labels: [String]) -> String {
        guard var prefix = labels.first else { return "" }
        for label in labels.dropFirst() {
            while !label.hasPrefix(prefix) { prefix.removeLast() }
        }
        guard labels.allSatisfy({ $0.count > prefix.count }) else {
            // A label is the prefix itself: keep the words before its last space.
            if let space = prefix.dropLast().lastIndex(of: " ") {
                return String(prefix[...space])
            }
            return ""
        }
        guard let space = prefix.lastIndex(of: " ") else { return "" }
        return String(prefix[...space])
    }

    /// The letter name of column `index`: A to Z, then AA, AB and so on.
    static func letter(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if index < 26 { return String(letters[index]) }
        return String(letters[(index / 26 - 1) % 26]) + String(letters[index % 26])
    }
}
