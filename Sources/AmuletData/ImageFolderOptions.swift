/// What `load images` reads and how: the folder, the optional attribute table, the size,
/// channels and normalisation of the rows, and what to do with images that cannot be read.
public struct ImageFolderOptions: Sendable, Equatable {
    /// How pixel values are scaled.
    public enum Normalization: String, Sendable, CaseIterable {
        /// [0, 1]: each 8-bit sample / 255 (as the IDX sets).
        case unit
        /// [−1, 1]: 2·(sample / 255) − 1 (torchvision's Normalize(0.5, 0.5)).
        case symmetric
        /// Zero mean and unit variance per channel, over the loaded images.
        case standard
    }

    /// What happens to an image that cannot be used.
    public enum BadImages: String, Sendable, CaseIterable {
        /// The load fails, naming the image and why.
        case error
        /// The image is left out, and the load says how many were and names the first.
        case skip
    }

    /// The image folder: one sub-folder per class, or the images an attribute table lists.
    public var directory: String
    /// The attribute table (CelebA, LFW or CSV layout), or nil for folders per class.
    public var attributes: String?
    /// The table's column that gives the class (needed with `attributes`).
    public var labelColumn: String?
    /// The table's columns that become sensitive attributes (> 0: the group).
    public var sensitiveColumns: [String]
    /// The size every image is resampled to, or nil to keep the size (then all must agree).
    public var size: (height: Int, width: Int)?
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    /// How pixel values are scaled.
    public var normalization: Normalization
    /// What happens to an image that cannot be used.
    public var bad: BadImages

    /// Options; only the folder is required.
    public init(
        directory: String, attributes: String? = nil, labelColumn: String? = nil,
        sensitiveColumns: [String] = [], size: (height: Int, width: Int)? = nil,
        channels: Int = 3, normalization: Normalization = .unit, bad: BadImages = .error
    ) {
        self.directory = directory
        self.attributes = attributes
        self.labelColumn = labelColumn
        self.sensitiveColumns = sensitiveColumns
        self.size = size
        self.channels = channels
        self.normalization = normalization
        self.bad = bad
    }

    public static func == (lhs: ImageFolderOptions, rhs: ImageFolderOptions) -> Bool {
        lhs.identity == rhs.identity
    }

    /// Every option as text, for the split's identity.
    var identity: String {
        "dir=\(directory)|attributes=\(attributes ?? "-")|label=\(labelColumn ?? "-")"
            + "|sensitive=\(sensitiveColumns.joined(separator: ","))"
            + "|size=\(size.map { "\($0.height)x\($0.width)" } ?? "native")"
            + "|channels=\(channels)|normalize=\(normalization.rawValue)|bad=\(bad.rawValue)"
    }
}
