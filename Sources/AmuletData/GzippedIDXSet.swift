/// The MNIST layout shared by `mnist` and `fmnist`: four gzipped IDX files (training images and
/// labels, test images and labels), pooled and split again with the session's seed.
///
/// The published training/test division is not kept: like every built-in set, the rows are
/// split with `test=` and the seed, so `members=` and the attacks see the same protocol
/// whatever the dataset.
enum GzippedIDXSet {
    /// Reads the verified files (images, labels, images, labels) and splits them.
    static func load(
        folder: DataFolder, declaration: DatasetDeclaration, classNames: [String], seed: UInt64,
        testFraction: Double
    ) throws(DataError) -> DataSplit {
        let files = declaration.files
        return try folder.memoisedBinarySplit(
            declaration.name, files: files, parameters: "seed=\(seed)|test=\(testFraction)"
        ) { bytes, digests throws(DataError) in
            var pixels: [Float] = []
            var labels: [Int] = []
            var shape: (Int, Int, Int)?
            for part in stride(from: 0, to: files.count - 1, by: 2) {
                let images = try IDXReader.images(
                    try Gzip.decompress(bytes[part], file: files[part]), file: files[part])
                let partLabels = try IDXReader.labels(
                    try Gzip.decompress(bytes[part + 1], file: files[part + 1]),
                    file: files[part + 1])
                guard partLabels.count == images.count else {
                    throw .malformedBinary(
                        file: files[part + 1], offset: 4,
                        reason: "\(partLabels.count) labels for the \(images.count) images of "
                            + files[part])
                }
                let partShape = (images.channels, images.height, images.width)
                if let shape, shape != partShape {
                    throw .malformedBinary(
                        file: files[part], offset: 8,
                        reason: "images of \(partShape) where \(files[0]) has \(shape)")
                }
                if let bad = partLabels.firstIndex(where: { $0 >= classNames.count }) {
                    throw .malformedBinary(
                        file: files[part + 1], offset: 8 + bad,
                        reason: "label \(partLabels[bad]) is not one of the "
                            + "\(classNames.count) classes")
                }
                shape = partShape
                pixels.append(contentsOf: images.pixels)
                labels.append(contentsOf: partLabels)
            }
            return ImageSetSplit.make(
                name: declaration.name, pixels: pixels, labels: labels, shape: shape ?? (1, 1, 1),
                classNames: classNames,
                identity: declaration.name + "|" + digests.joined(separator: ","), seed: seed,
                testFraction: testFraction)
        }
    }
}
