/// `load cifar10`: 60,000 colour images, 3×32×32, 10 classes, from the published binary version
/// (`cifar-10-binary.tar.gz`).
///
/// The archive holds `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin`, each a run
/// of 3,073-byte records: one label byte (0–9), then 1,024 red, 1,024 green and 1,024 blue
/// bytes, each plane row-major — exactly the channel-major row layout, so a record is copied
/// straight into a row (bytes / 255).
///
/// Reference: Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", 2009
/// (the binary version's layout is on the dataset's page).
public enum CIFAR10Dataset: BuiltInDataset {
    /// The ten classes, in label order (`batches.meta.txt`).
    public static let classNames = [
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    ]
    /// The archive members read, in order.
    public static let members =
        (1...5).map { "cifar-10-batches-bin/data_batch_\($0).bin" }
        + ["cifar-10-batches-bin/test_batch.bin"]
    /// Bytes of one record: a label and 3×32×32 pixels.
    public static let recordSize = 1 + 3 * 32 * 32

    public static let declaration = DatasetDeclaration(
        name: "cifar10", summary: "60,000 colour images, 3×32×32, 10 classes (CIFAR-10 binary)",
        explanation: "CIFAR-10's binary version as published (one 163 MB tar.gz, fetched by "
            + "scripts/fetch-data; 740 MB of floats once loaded). The five training batches "
            + "and the test batch are pooled and split with test= and the seed; pixels are "
            + "scaled to [0, 1]. There is no sensitive attribute. On a CPU, train resnet "
            + "depth=20 width=0.25 or vgg width=0.25.",
        reference: "Krizhevsky, 2009", files: ["cifar10-binary.tar.gz"], download: "163 MB")

    public static func load(folder: DataFolder, seed: UInt64, testFraction: Double)
        throws(DataError) -> DataSplit
    {
        let file = declaration.files[0]
        return try folder.memoisedBinarySplit(
            declaration.name, files: [file], parameters: "seed=\(seed)|test=\(testFraction)"
        ) { bytes, digests throws(DataError) in
            let (pixels, labels) = try read(archive: bytes[0], file: file)
            return ImageSetSplit.make(
                name: declaration.name, pixels: pixels, labels: labels, shape: (3, 32, 32),
                classNames: classNames, identity: "cifar10|\(digests[0])", seed: seed,
                testFraction: testFraction)
        }
    }

    /// The pixels and labels of every record of the batches in a `.tar.gz` archive.
    public static func read(archive: [UInt8], file: String) throws(DataError) -> (
        pixels: [Float], labels: [Int]
    ) {
        let tar = try Gzip.decompress(archive, file: file)
        let listed = try TarReader.members(tar, file: file)
        var pixels: [Float] = []
        var labels: [Int] = []
        for name in members {
            guard let member = listed.first(where: { $0.name == name }) else {
                throw .malformedBinary(
                    file: file, offset: 0,
                    reason: "the archive has no \(name) (it lists "
                        + listed.prefix(8).map(\.name).joined(separator: ", ") + ")")
            }
            try records(
                tar[member.range], file: "\(file):\(name)", pixels: &pixels, labels: &labels)
        }
        return (pixels, labels)
    }

    /// Appends the records of one batch file; `file` names it in errors.
    public static func records(
        _ bytes: ArraySlice<UInt8>, file: String, pixels: inout [Float], labels: inout [Int]
    ) throws(DataError) {
        guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
            throw .malformedBinary(
                file: file, offset: bytes.count - bytes.count % recordSize,
                reason: "\(bytes.count) bytes is not a whole number of \(recordSize)-byte "
                    + "records (truncated?)")
        }
        let start = bytes.startIndex
        pixels.reserveCapacity(pixels.count + bytes.count / recordSize * (recordSize - 1))
        for record in stride(from: start, to: bytes.endIndex, by: recordSize) {
            let label = Int(bytes[record])
            guard label < classNames.count else {
                throw .malformedBinary(
                    file: file, offset: record - start,
                    reason: "label \(label) is not one of the 10 classes: not a CIFAR-10 batch")
            }
            labels.append(label)
            for i in (record + 1)..<(record + recordSize) { pixels.append(Float(bytes[i]) / 255) }
        }
    }
}
