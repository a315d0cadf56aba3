import AmuletTensor

/// Statlog German Credit: predict good (1) or bad (0) credit risk of 1,000 loan applicants.
///
/// The 20 attributes of `german.data` (space-separated codes such as A11) are one-hot encoded
/// with the first level dropped and the 7 numeric ones min-max scaled, except attribute 9
/// (personal status and sex) and attribute 13 (age), which are sensitive: sex (Male = 1 for
/// codes A91, A93, A94, as UCI documents) and age (over 25 = 1, the split of Kamiran & Calders).
/// Reference: Hofmann, "Statlog (German Credit Data)", UCI Machine Learning Repository, 1994.
public enum GermanCreditDataset: BuiltInDataset {
    public static let declaration = DatasetDeclaration(
        name: "german",
        summary: "Statlog German Credit: good or bad credit risk (1,000 rows; sex, age sensitive)",
        explanation: "Loan applicants from a German bank labelled good or bad credit risks. Sex "
            + "(from the personal-status attribute) and age over 25 are sensitive attributes.",
        reference: "Hofmann, Statlog (German Credit Data), UCI 1994",
        files: ["german.data"])

    static let numericAttributes: Set<Int> = [2, 5, 8, 11, 13, 16, 18]

    /// Reads `german.data` from `folder` and splits it with `seed`.
    public static func load(
        folder: DataFolder, seed: UInt64, testFraction: Double = 0.5
    ) throws(DataError) -> DataSplit {
        let file = declaration.files[0]
        return try folder.memoisedSplit(
            declaration.name, file: file, seed: seed, testFraction: testFraction
        ) { text, digest throws(DataError) in
            try encode(
                text: text, digest: digest, file: file, seed: seed, testFraction: testFraction)
        }
    }

    /// Parses, encodes and splits the text of `german.data` (memoised by `load`).
    static func encode(
        text: String, digest: String, file: String, seed: UInt64, testFraction: Double
    ) throws(DataError) -> DataSplit {
        var rows: [[String]] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let fields = line.split(separator: " ").map(String.init)
            if fields.isEmpty { continue }
            guard fields.count == 21 else {
                throw .malformed(
                    file: file, line: number + 1, column: 1,
                    reason: "expected 21 space-separated fields, found \(fields.count)")
            }
            guard fields[20] == "1" || fields[20] == "2" else {
                throw .malformed(
                    file: file, line: number + 1, column: line.count - fields[20].count + 1,
                    reason: "the class must be 1 (good) or 2 (bad), found '\(fields[20])'")
            }
            rows.append(fields)
        }
        let labels = rows.map { $0[20] == "1" ? 1 : 0 }
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        var columns: [TableEncoder.Column] = []
        for attribute in 1...20 where attribute != 9 && attribute != 13 {
            columns.append(
                .init(
                    name: "A\(attribute)",
                    kind: numericAttributes.contains(attribute) ? .numeric : .categorical,
                    values: rows.map { $0[attribute - 1] }))
        }
        let (features, names) = try TableEncoder.encode(columns, trainRows: train, file: file)
        let sex = SensitiveAttribute(
            name: "sex", positiveGroup: "Male", negativeGroup: "Female",
            values: rows.map { ["A91", "A93", "A94"].contains($0[8]) ? 1 : 0 })
        let age = SensitiveAttribute(
            name: "age", positiveGroup: "over 25", negativeGroup: "25 or under",
            values: rows.map { (Int($0[12]) ?? 0) > 25 ? 1 : 0 })
        let all = Dataset(
            name: "german", features: features, labels: labels, featureNames: names,
            classNames: ["bad", "good"], sensitive: [sex, age])
        return DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity: "german|sha256=\(digest)|rows=\(rows.count)|test=\(testFraction)|seed=\(seed)"
        )
    }
}
