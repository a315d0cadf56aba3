/// `load fmnist`: 70,000 Zalando article images, 1×28×28, from the published gzipped IDX files.
///
/// Reference: Xiao, Rasul & Vollgraf, "Fashion-MNIST: a Novel Image Dataset for Benchmarking
/// Machine Learning Algorithms", arXiv:1708.07747 (2017).
public enum FashionMNISTDataset: BuiltInDataset {
    /// The ten classes, in label order, as the dataset's README lists them.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
        "Bag", "Ankle boot",
    ]

    public static let declaration = DatasetDeclaration(
        name: "fmnist", summary: "70,000 clothing images, 1×28×28, 10 classes (Fashion-MNIST)",
        explanation: "Fashion-MNIST as published (four gzipped IDX files, 30 MB in all, fetched "
            + "by scripts/fetch-data), a drop-in replacement for MNIST that the Python Amulet "
            + "evaluates on. The training and test images are pooled and split with test= and "
            + "the seed; pixels are scaled to [0, 1]. There is no sensitive attribute.",
        reference: "Xiao, Rasul & Vollgraf, arXiv:1708.07747",
        files: [
            "fmnist-train-images-idx3-ubyte.gz", "fmnist-train-labels-idx1-ubyte.gz",
            "fmnist-t10k-images-idx3-ubyte.gz", "fmnist-t10k-labels-idx1-ubyte.gz",
        ], download: "30 MB")

    public static func load(folder: DataFolder, seed: UInt64, testFraction: Double)
        throws(DataError) -> DataSplit
    {
        try GzippedIDXSet.load(
            folder: folder, declaration: declaration, classNames: classNames, seed: seed,
            testFraction: testFraction)
    }
}
