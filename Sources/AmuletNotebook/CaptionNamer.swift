/// Makes table captions unique within a report: a repeated caption gets ` (2)`, ` (3)` ….
struct CaptionNamer {
    private var used: [String: Int] = [:]

    /// `table` with a caption no earlier table had; an untitled table stays untitled.
    mutating func unique(_ table: Table) -> Table {
        guard let title = table.title else { return table }
        var copy = table
        let count = (used[title] ?? 0) + 1
        used[title] = count
        if count > 1 {
            var candidate = "\(title) (\(count))"
            var n = count
            while used[candidate] != nil {
                n += 1
                candidate = "\(title) (\(n))"
            }
            used[candidate] = 1
            copy.title = candidate
        }
        return copy
    }
}
