import AmuletTensor

/// A labelled table or image set, with sensitive attributes kept out of the features.
public struct Dataset: Sendable {
    /// How rows are to be read.
    public enum Modality: Sendable, Equatable, Codable {
        /// Columns are tabular features.
        case tabular
        /// Each row is a flattened channels×height×width image.
        case image(channels: Int, height: Int, width: Int)
        /// Each row is a sentence: `length` token ids of `vocabulary` (as `Float`), 0-padded.
        case text(length: Int, vocabulary: TextVocabulary)

        /// `tabular`, `image` or `text`: what the rows are, without their shape.
        public var name: String {
            switch self {
            case .tabular: "tabular"
            case .image: "image"
            case .text: "text"
            }
        }
    }

    /// The dataset's name such as `adult`.
    public var name: String
    /// One row per example.
    public var features: Matrix
    /// Class labels in 0..<classCount.
    public var labels: [Int]
    /// Names of the feature columns.
    public var featureNames: [String]
    /// Names of the classes (such as `<=50K`, `>50K`).
    public var classNames: [String]
    /// Sensitive attributes, each a 0/1 value per row.
    public var sensitive: [SensitiveAttribute]
    /// Tabular, image or text.
    public var modality: Modality

    /// A dataset; every per-row array must have `features.rows` entries.
    public init(
        name: String, features: Matrix, labels: [Int], featureNames: [String], classNames: [String],
        sensitive: [SensitiveAttribute] = [], modality: Modality = .tabular
    ) {
        precondition(labels.count == features.rows, "labels and features differ in length")
        self.name = name
        self.features = features
        self.labels = labels
        self.featureNames = featureNames
        self.classNames = classNames
        self.sensitive = sensitive
        self.modality = modality
    }

    /// Number of examples.
    public var count: Int { labels.count }
    /// Number of classes.
    public var classCount: Int { classNames.count }

    /// Fraction of rows with label 1 (the positive class of a binary task).
    public var positiveRate: Double {
        guard count > 0 else { return 0 }
        return Double(labels.filter { $0 == 1 }.count) / Double(count)
    }

    /// The sensitive attribute called `name`.
    public func attribute(_ name: String) -> SensitiveAttribute? {
        sensitive.first { $0.name == name }
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(
            name: name, features: features.gatherRows(indices), labels: indices.map { labels[$0] },
            featureNames: featureNames, classNames: classNames,
            sensitive: sensitive.map { $0.subset(indices) }, modality: modality)
    }

    /// Sensitive attributes as a name → values dictionary (for the trainer's hooks).
    public var sensitiveByName: [String: [Int]] {
        Dictionary(uniqueKeysWithValues: sensitive.map { ($0.name, $0.values) })
    }
}

/// A binary sensitive attribute: 1 for the group named `positiveGroup`, 0 for the rest.
public struct SensitiveAttribute: Sendable, Equatable {
    /// The attribute's name such as `race`.
    public var name: String
    /// The group coded 1 such as `White`.
    public var positiveGroup: String
    /// The group coded 0 such as `non-White`.
    public var negativeGroup: String
    /// One 0/1 value per row.
    public var values: [Int]

    /// A sensitive attribute.
    public init(name: String, positiveGroup: String, negativeGroup: String, values: [Int]) {
        self.name = name
        self.positiveGroup = positiveGroup
        self.negativeGroup = negativeGroup
        self.values = values
    }

    /// The values at `indices`.
    public func subset(_ indices: [Int]) -> SensitiveAttribute {
        SensitiveAttribute(
            name: name, positiveGroup: positiveGroup, negativeGroup: negativeGroup,
            values: indices.map { values[$0] })
    }

    /// The group name of value `v`.
    public func groupName(_ v: Int) -> String { v == 1 ? positiveGroup : negativeGroup }
}

/// A dataset divided into a training and a test split, with a text that identifies it.
public struct DataSplit: Sendable {
    /// The training split (target members and adversary data are cut from it later).
    public var train: Dataset
    /// The held-out test split.
    public var test: Dataset
    /// Dataset name, parameters, split seed and source digest: part of every model-cache key.
    public var identity: String
    /// What the load wants the user to know (images skipped), shown after it.
    public var notes: [String] = []

    /// A split.
    public init(train: Dataset, test: Dataset, identity: String) {
        self.train = train
        self.test = test
        self.identity = identity
    }
}

/// Errors raised while reading or preparing data.
public enum DataError: Error, Sendable, Equatable {
    /// A raw file is missing; the message names the command that fetches it and, when known,
    /// how large the download is (`163 MB`).
    case missingFile(path: String, fetchCommand: String, download: String? = nil)
    /// A built-in raw file is there but is not the published file (empty, truncated, edited):
    /// its full path, what is wrong, and the command that fetches it again.
    case damagedFile(path: String, reason: String, fetchCommand: String)
    /// A file has a malformed row: 1-based line and column, and what is wrong.
    case malformed(file: String, line: Int, column: Int, reason: String)
    /// A named column does not exist.
    case unknownColumn(file: String, column: String, available: [String])
    /// A parameter is unusable.
    case invalidParameter(String)
    /// A binary file is malformed at a 0-based byte offset: what is wrong there.
    case malformedBinary(file: String, offset: Int, reason: String)
    /// Generation or reading stopped because the caller asked it to (Ctrl-C).
    case interrupted
}

extension DataError: CustomStringConvertible {
    /// A message a user can act on.
    public var description: String {
        switch self {
        case .missingFile(let path, let command, let download):
            return "data file '\(path)' is missing; run '\(command)' to fetch it"
                + (download.map { " (a \($0) download)" } ?? "")
        case .damagedFile(let path, let reason, let command):
            return "data file '\(path)' is damaged: \(reason); run '\(command)' to fetch it again"
        case .malformed(let file, let line, let column, let reason):
            return "\(file):\(line):\(column): \(reason)"
        case .unknownColumn(let file, let column, let available):
            let shown = available.prefix(12).joined(separator: ", ")
            return "\(file): no column named '\(column)' (columns: \(shown))"
        case .invalidParameter(let reason):
            return reason
        case .malformedBinary(let file, let offset, let reason):
            return "\(file): byte \(offset): \(reason)"
        case .interrupted:
            return "cancelled"
        }
    }
}
