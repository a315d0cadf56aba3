import AmuletTensor

/// The common tail of the built-in image sets: pixels and labels to a stratified split.
enum ImageSetSplit {
    /// A split of `count` images of `shape` (channels, height, width) whose pixels are in
    /// [0, 1], stratified by label with `seed`; `identity` names the files and options.
    static func make(
        name: String, pixels: [Float], labels: [Int], shape: (Int, Int, Int), classNames: [String],
        identity: String, seed: UInt64, testFraction: Double
    ) -> DataSplit {
        let (c, h, w) = shape
        let all = Dataset(
            name: name,
            features: Matrix(rows: labels.count, cols: c * h * w, storage: pixels),
            labels: labels, featureNames: featureNames(channels: c, height: h, width: w),
            classNames: classNames, modality: .image(channels: c, height: h, width: w))
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        return DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity: identity + "|rows=\(labels.count)|test=\(testFraction)|seed=\(seed)")
    }

    /// `pixel<y>_<x>` (grey) or `pixel<c>_<y>_<x>` names, channel-major like the rows.
    static func featureNames(channels: Int, height: Int, width: Int) -> [String] {
        var names: [String] = []
        names.reserveCapacity(channels * height * width)
        for c in 0..<channels {
            for y in 0..<height {
                for x in 0..<width {
                    names.append(channels == 1 ? "pixel\(y)_\(x)" : "pixel\(c)_\(y)_\(x)")
                }
            }
        }
        return names
    }
}
