/// Which test examples a figure shows: a few, spread over the classes, the interesting ones
/// first.
public enum ExampleSelection {
    /// The figure's default number of examples: the columns of one row of a report's figure
    /// (`ImageGridChart` at its 600-pixel width).
    public static let defaultCount = 6

    /// Up to `count` rows of `labels`: first the `preferred` rows (in order), one per class
    /// while classes are left, then more preferred rows, then the other rows in order, again
    /// one per class first.
    ///
    /// Deterministic (no random choice): the same split and the same preferred rows give the
    /// same figure.
    public static func rows(
        labels: [Int], preferred: (Int) -> Bool, count: Int = defaultCount
    ) -> [Int] {
        var chosen: [Int] = []
        var taken = Set<Int>()
        for wantPreferred in [true, false] {
            let pool = labels.indices.filter { preferred($0) == wantPreferred }
            var classes = Set<Int>()
            for row in pool where chosen.count < count && !classes.contains(labels[row]) {
                classes.insert(labels[row])
                chosen.append(row)
                taken.insert(row)
            }
            for row in pool where chosen.count < count && !taken.contains(row) {
                chosen.append(row)
                taken.insert(row)
            }
        }
        return chosen
    }
}
