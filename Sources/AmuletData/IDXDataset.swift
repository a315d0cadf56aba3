import AmuletTensor
import Foundation

/// An image set from a pair of MNIST-format IDX files (images and labels), such as MNIST or
/// Fashion-MNIST as published, or CIFAR, CelebA and LFW once converted.
///
/// Pixels are scaled to [0, 1]; the classes are 0…(largest label). A sensitive attribute can
/// come from a third IDX label file of 0/1 values per image (`groups`, such as CelebA's
/// "Male" column) or from a set of labels (`labelGroup`), since image files carry no
/// demographic columns of their own.
public enum IDXDataset {
    /// Reads `images` and `labels` (paths) and splits them with `seed` (stratified).
    ///
    /// - Throws: `DataError` naming the file and byte of a malformed file, or a count mismatch.
    public static func load(
        images imagesPath: String, labels labelsPath: String, groups groupsPath: String? = nil,
        seed: UInt64, testFraction: Double = 0.5
    ) throws(DataError) -> DataSplit {
        let (imageBytes, imageName, imageDigest) = try read(imagesPath)
        let (labelBytes, labelName, labelDigest) = try read(labelsPath)
        let images = try IDXReader.images(imageBytes, file: imageName)
        let labels = try IDXReader.labels(labelBytes, file: labelName)
        guard labels.count == images.count else {
            throw .malformedBinary(
                file: labelName, offset: 4,
                reason: "\(labels.count) labels for the \(images.count) images of \(imageName)")
        }
        var sensitive: [SensitiveAttribute] = []
        var groupIdentity = ""
        if let groupsPath {
            let (groupBytes, groupName, groupDigest) = try read(groupsPath)
            let groups = try IDXReader.labels(groupBytes, file: groupName)
            guard groups.count == images.count else {
                throw .malformedBinary(
                    file: groupName, offset: 4,
                    reason: "\(groups.count) group values for the \(images.count) images of "
                        + imageName)
            }
            if let bad = groups.firstIndex(where: { $0 > 1 }) {
                throw .malformedBinary(
                    file: groupName, offset: 8 + bad,
                    reason: "group values must be 0 or 1, found \(groups[bad])")
            }
            let name = URL(fileURLWithPath: groupsPath).deletingPathExtension().lastPathComponent
            sensitive.append(
                SensitiveAttribute(
                    name: name, positiveGroup: "\(name)=1", negativeGroup: "\(name)=0",
                    values: groups))
            groupIdentity = "|groups=\(groupDigest)"
        }
        let classCount = (labels.max() ?? 0) + 1
        let shape = (images.channels, images.height, images.width)
        let all = Dataset(
            name: imageName,
            features: Matrix(
                rows: images.count, cols: images.pixels.count / images.count,
                storage: images.pixels),
            labels: labels, featureNames: featureNames(images),
            classNames: (0..<classCount).map(String.init), sensitive: sensitive,
            modality: .image(channels: shape.0, height: shape.1, width: shape.2))
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        return DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity: "idx|images=\(imageDigest)|labels=\(labelDigest)\(groupIdentity)"
                + "|rows=\(labels.count)|test=\(testFraction)|seed=\(seed)")
    }

    /// `pixel<c>_<y>_<x>` names, channel-major like the rows.
    static func featureNames(_ images: IDXReader.Images) -> [String] {
        var names: [String] = []
        names.reserveCapacity(images.channels * images.height * images.width)
        for c in 0..<images.channels {
            for y in 0..<images.height {
                for x in 0..<images.width {
                    names.append(images.channels == 1 ? "pixel\(y)_\(x)" : "pixel\(c)_\(y)_\(x)")
                }
            }
        }
        return names
    }

    /// The bytes, file name and SHA-256 of `path`.
    static func read(_ path: String) throws(DataError) -> (
        bytes: [UInt8], name: String, sha256: String
    ) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidParameter("cannot read '\(path)': no such file or not readable")
        }
        let digest = data.withUnsafeBytes { SHA256.hex(of: $0) }
        return ([UInt8](data), URL(fileURLWithPath: path).lastPathComponent, digest)
    }
}

extension DataSplit {
    /// The split with one more sensitive attribute: 1 for rows whose label is in `positive`.
    ///
    /// For image sets, whose files carry no demographic column, a group defined by classes
    /// (such as digits 0–4 against 5–9) lets fairness metrics and defenses run.
    public func withLabelGroup(_ positive: Set<Int>) -> DataSplit {
        let listed = positive.sorted().map(String.init).joined(separator: ",")
        func add(_ data: Dataset) -> Dataset {
            var copy = data
            copy.sensitive.append(
                SensitiveAttribute(
                    name: "group", positiveGroup: "label∈{\(listed)}",
                    negativeGroup: "other labels",
                    values: data.labels.map { positive.contains($0) ? 1 : 0 }))
            return copy
        }
        return DataSplit(
            train: add(train), test: add(test), identity: identity + "|group=\(listed)")
    }
}
