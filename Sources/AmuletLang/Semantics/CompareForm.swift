import AmuletNotebook

/// The word after `compare` that picks which metrics it shows; none means the summary.
enum CompareForm: String, CaseIterable, Sendable {
    /// Every metric except per-group values.
    case all
    /// Only per-group values.
    case groups
    /// The defense × risk matrix with the SoK's expectations.
    case matrix

    /// The comparison view the form asks for; nil for the matrix, which is not a pivot.
    var view: ComparisonView? {
        switch self {
        case .all: .all
        case .groups: .groups
        case .matrix: nil
        }
    }

    /// One line for help.
    var doc: String {
        switch self {
        case .all: "every metric, not only each risk's headline"
        case .groups: "per-group values (selection rate, TPR, … of each group)"
        case .matrix: "each defense's effect on every risk, against the SoK's expectations"
        }
    }
}
