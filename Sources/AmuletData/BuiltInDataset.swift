/// A built-in table whose declaration, files and parser live in one type.
///
/// The Catalog lists it through one generic plug-in (`BuiltInDatasetPlugin` in AmuletRisks),
/// so a new built-in table is its parser file, its raw files' lines in `DataManifest` and one
/// Catalog line: help, completion, `explain` and the common parameters come from here.
public protocol BuiltInDataset: Sendable {
    /// Name, summary, explanation, reference and raw files.
    static var declaration: DatasetDeclaration { get }
    /// Reads the raw files from `folder`, verified against `DataManifest`, and splits them.
    static func load(folder: DataFolder, seed: UInt64, testFraction: Double) throws(DataError)
        -> DataSplit
}

/// What the Catalog shows of a built-in dataset.
public struct DatasetDeclaration: Sendable {
    /// The word after `load`.
    public var name: String
    /// One line for help listings.
    public var summary: String
    /// A paragraph for `explain`.
    public var explanation: String
    /// The paper or source it follows.
    public var reference: String
    /// The raw files it reads, each declared in `DataManifest`.
    public var files: [String]
    /// How large `scripts/fetch-data NAME`'s download is (`163 MB`), for the message a load
    /// without the files gives; nil for the small tables.
    public var download: String?

    /// A declaration.
    public init(
        name: String, summary: String, explanation: String, reference: String, files: [String],
        download: String? = nil
    ) {
        self.name = name
        self.summary = summary
        self.explanation = explanation
        self.reference = reference
        self.files = files
        self.download = download
    }
}
