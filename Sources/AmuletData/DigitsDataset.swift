import AmuletTensor

/// UCI optical handwritten digits: 1,797 8×8 grey-level images of the digits 0–9.
///
/// Read from `digits.csv` (64 pixel values 0–16 then the label per line, as scikit-learn ships
/// it; `scripts/fetch-data` unpacks it); pixels are scaled to [0, 1]. No sensitive attributes.
/// Reference: Alpaydin & Kaynak, "Optical Recognition of Handwritten Digits", UCI 1998.
public enum DigitsDataset {
    /// Reads `digits.csv` from `folder` and splits it with `seed` (stratified).
    public static func load(
        folder: DataFolder, seed: UInt64, testFraction: Double = 0.5
    ) throws(DataError) -> DataSplit {
        let file = "digits.csv"
        return try folder.memoisedSplit(
            "digits", file: file, seed: seed, testFraction: testFraction
        ) { text, digest throws(DataError) in
            try encode(
                text: text, digest: digest, file: file, seed: seed, testFraction: testFraction)
        }
    }

    /// Parses, encodes and splits the text of `digits.csv` (memoised by `load`).
    static func encode(
        text: String, digest: String, file: String, seed: UInt64, testFraction: Double
    ) throws(DataError) -> DataSplit {
        let records = try CSVReader().parse(text, file: file)
        var pixels: [Float] = []
        pixels.reserveCapacity(records.count * 64)
        var labels: [Int] = []
        for record in records {
            guard record.fields.count == 65 else {
                throw .malformed(
                    file: file, line: record.line, column: 1,
                    reason:
                        "expected 65 fields (64 pixels and a label), found \(record.fields.count)")
            }
            for (k, field) in record.fields.prefix(64).enumerated() {
                guard let value = Float(field), value >= 0, value <= 16 else {
                    throw .malformed(
                        file: file, line: record.line, column: k + 1,
                        reason: "pixel must be a number from 0 to 16, found '\(field)'")
                }
                pixels.append(value / 16)
            }
            guard let label = Int(record.fields[64].split(separator: ".")[0]),
                (0...9).contains(label)
            else {
                throw .malformed(
                    file: file, line: record.line, column: 65,
                    reason: "label must be a digit 0–9, found '\(record.fields[64])'")
            }
            labels.append(label)
        }
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        let all = Dataset(
            name: "digits", features: Matrix(rows: labels.count, cols: 64, storage: pixels),
            labels: labels, featureNames: (0..<64).map { "pixel\($0 / 8)_\($0 % 8)" },
            classNames: (0...9).map(String.init), sensitive: [],
            modality: .image(channels: 1, height: 8, width: 8))
        return DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity:
                "digits|sha256=\(digest)|rows=\(labels.count)|test=\(testFraction)|seed=\(seed)")
    }
}
