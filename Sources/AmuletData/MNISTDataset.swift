/// `load mnist`: 70,000 handwritten digits, 1×28×28, from the four published gzipped IDX files.
///
/// Reference: LeCun, Bottou, Bengio & Haffner, "Gradient-Based Learning Applied to Document
/// Recognition", Proc. IEEE 1998; LeCun, Cortes & Burges, the MNIST database.
public enum MNISTDataset: BuiltInDataset {
    public static let declaration = DatasetDeclaration(
        name: "mnist", summary: "70,000 handwritten digits, 1×28×28, 10 classes (IDX, gzip)",
        explanation: "The MNIST digits as published (four gzipped IDX files, 11 MB in all, "
            + "fetched by scripts/fetch-data). The 60,000 training and 10,000 test images are "
            + "pooled and split with test= and the seed, as every built-in set; pixels are "
            + "scaled to [0, 1]. There is no sensitive attribute.",
        reference: "LeCun et al., Proc. IEEE 1998",
        files: [
            "mnist-train-images-idx3-ubyte.gz", "mnist-train-labels-idx1-ubyte.gz",
            "mnist-t10k-images-idx3-ubyte.gz", "mnist-t10k-labels-idx1-ubyte.gz",
        ], download: "11 MB")

    public static func load(folder: DataFolder, seed: UInt64, testFraction: Double)
        throws(DataError) -> DataSplit
    {
        try GzippedIDXSet.load(
            folder: folder, declaration: declaration, classNames: (0..<10).map(String.init),
            seed: seed, testFraction: testFraction)
    }
}
