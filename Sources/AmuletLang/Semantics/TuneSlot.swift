import AmuletNotebook

/// Where one run of a `tune` put its results in a cell: its table, its chart record and the
/// ledger rows it measured.
///
/// A `tune` run again with the same variables (under `repeat`) finds its slot and replaces its
/// table with one that pools every repetition; run with other variables (an iteration of a
/// `for`) it gets a slot, a table and a chart of its own.
struct TuneSlot {
    /// A tune statement and the variables it ran with.
    struct Key: Hashable {
        /// The statement's source range.
        var range: SourceRange
        /// Every variable's value as `name=value`, sorted by name.
        var variables: [String]
    }

    /// The index of its table in the cell's outputs.
    var output: Int
    /// The index of its record in the cell's tunes.
    var record: Int
    /// The identities of the defended-model ledger rows it recorded.
    var rows: Set<String> = []
}
