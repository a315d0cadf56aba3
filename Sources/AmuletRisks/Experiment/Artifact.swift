import AmuletTensor

/// Something a plug-in leaves behind besides numbers, exported under a declared name.
public enum Artifact: Sendable, Equatable, Codable {
    /// An ROC curve.
    case roc(ROCCurve)
    /// One row per example: key columns shared by every model (index, truth) and value columns
    /// of this model (score, prediction, probabilities).
    case perExample(ExampleTable)
    /// Images, each beside the reference it is scored against; a report draws them.
    case images(ImageGrid)
}

/// Per-example values of one model: shared key columns and the model's own value columns.
public struct ExampleTable: Sendable, Equatable, Codable {
    /// Names of the key columns, such as `index`, `member`.
    public var keyColumns: [String]
    /// Key fields, one array per example.
    public var keys: [[String]]
    /// Names of the model's value columns, such as `score`.
    public var valueColumns: [String]
    /// Value fields, one array per example.
    public var values: [[String]]

    /// A table; `keys` and `values` have one entry per example.
    public init(keyColumns: [String], keys: [[String]], valueColumns: [String], values: [[String]])
    {
        self.keyColumns = keyColumns
        self.keys = keys
        self.valueColumns = valueColumns
        self.values = values
    }
}

/// An artifact a plug-in declares it can export: `export NAME FILE.csv`.
public struct ExportSpec: Sendable, Equatable {
    /// The word after `export`, such as `predictions`.
    public var name: String
    /// One line for help.
    public var doc: String
    /// Whether the export is computed when asked (cheap), rather than kept from the last run
    /// of its plug-in (an attack that trains shadow models).
    public var computedOnDemand: Bool

    /// An export declaration.
    public init(_ name: String, doc: String, computedOnDemand: Bool = false) {
        self.name = name
        self.doc = doc
        self.computedOnDemand = computedOnDemand
    }
}

/// A rectangular text table ready to be written as CSV.
public struct ExportTable: Sendable, Equatable {
    /// Column names.
    public var columns: [String]
    /// Rows of fields.
    public var rows: [[String]]

    /// A table.
    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Joins the artifacts of several models into one table.
    ///
    /// Per-example tables share their key columns and get one block of value columns per
    /// model, prefixed with the role (`baseline_score`, `defended_score`; none for `current`).
    /// ROC curves stack in long form: `role, fpr, tpr, threshold`; images one row per image:
    /// `role, label, image, pixels` (the label followed by the image's caption, such as the
    /// model's answer; the row's title as `image`; space-separated values in the data's scale).
    public static func joining(_ artifacts: [(role: ModelRole, artifact: Artifact)])
        -> ExportTable
    {
        var columns: [String] = []
        var rows: [[String]] = []
        for (role, artifact) in artifacts {
            switch artifact {
            case .roc(let curve):
                if columns.isEmpty { columns = ["role", "fpr", "tpr", "threshold"] }
                for i in curve.falsePositiveRates.indices {
                    rows.append([
                        role.rawValue, "\(curve.falsePositiveRates[i])",
                        "\(curve.truePositiveRates[i])", "\(curve.thresholds[i])",
                    ])
                }
            case .images(let grid):
                if columns.isEmpty { columns = ["role", "label", "image", "pixels"] }
                for item in grid.items {
                    for (row, image) in item.images.enumerated() {
                        let caption = item.caption(row)
                        rows.append([
                            role.rawValue,
                            caption.isEmpty ? item.label : item.label + " " + caption,
                            grid.rowTitle(row),
                            image.map { "\($0)" }.joined(separator: " "),
                        ])
                    }
                }
            case .perExample(let table):
                let prefix = role == .current ? "" : "\(role.rawValue)_"
                if columns.isEmpty {
                    columns = table.keyColumns
                    rows = table.keys
                }
                columns += table.valueColumns.map { prefix + $0 }
                for i in rows.indices {
                    rows[i] +=
                        i < table.values.count
                        ? table.values[i]
                        : Array(repeating: "", count: table.valueColumns.count)
                }
            }
        }
        return ExportTable(columns: columns, rows: rows)
    }
}
