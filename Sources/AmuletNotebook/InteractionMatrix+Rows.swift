import AmuletRisks

extension InteractionMatrix {
    /// One row of the matrix as every view shows it: a defended recipe, and for a risk that
    /// gives each subject a cell of its own (the text backdoor's portions), one subject.
    ///
    /// `compare matrix` lists a row's cells one per line, the report's heat map draws them in
    /// the row's risk columns and its explanation table explains them; all three read the rows
    /// `rows(_:)` builds, so a portion the terminal shows is never missing from the report.
    public struct Row: Sendable, Equatable {
        /// The defended recipe's label (`Cell.defense`).
        public var defense: String
        /// The subject as a label says it (`backdoor p=1%`); nil for the row of the cells that
        /// have none.
        public var subject: String?
        /// What the dataset's rows are: `tabular`, `image` or `text` (empty when unrecorded).
        public var modality: String
        /// The row's cells: at most one per risk, in the matrix's order.
        public var cells: [Cell]

        /// The row's name: the defense, then its subject: `onion · backdoor p=1%`.
        public var label: String { subject.map { "\(defense) · \($0)" } ?? defense }
    }

    /// The rows of `cells`: each defended recipe's cells without a subject, then one row per
    /// subject, in the order the cells come.
    ///
    /// A recipe's cells are consecutive in `cells` (`cells(_:catalog:)` gives them group by
    /// group), so a row never joins two groups that happen to share a label, and a matrix of
    /// plug-ins without per-subject cells has one row per defended recipe, its cells in order.
    public static func rows(_ cells: [Cell]) -> [Row] {
        var rows: [Row] = []
        var groupStart = 0
        for cell in cells {
            if let last = rows.last, last.defense != cell.defense { groupStart = rows.count }
            let subject = cell.subjectLabel
            if let index = rows[groupStart...].firstIndex(where: {
                $0.defense == cell.defense && $0.subject == subject
            }) {
                rows[index].cells.append(cell)
            } else {
                rows.append(
                    Row(
                        defense: cell.defense, subject: subject, modality: cell.modality,
                        cells: [cell]))
            }
        }
        return rows
    }

    /// Whether the views show each row's modality: once the matrix holds images or text (a
    /// matrix of tables reads as before).
    public static func showsModality(_ cells: [Cell]) -> Bool {
        cells.contains { !$0.modality.isEmpty && $0.modality != "tabular" }
    }

    /// A cell's Δ as every view writes it: signed, with `*` when significant after Holm's
    /// adjustment and `!` on a degenerate model; `–` when it is undefined (no baseline or no
    /// defined value to compare), never a number.
    public static func change(_ cell: Cell) -> TableCell {
        guard cell.delta.isFinite else { return cell.flagged ? .flagged(.undefined) : .undefined }
        let significant = cell.adjustedPValue.map { $0 < 0.05 }
        let change = TableCell.delta(cell.delta, digits: 3, significant: significant)
        return cell.flagged ? .flagged(change) : change
    }
}
