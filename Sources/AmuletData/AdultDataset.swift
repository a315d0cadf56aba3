import AmuletTensor

/// UCI Adult (Census Income, 1994): predict income > 50K from 48,842 census records.
///
/// Preprocessing as the Python Amulet: both files joined (adult.test's first line and the
/// trailing `.` of its labels removed), `?` becomes the category `Unknown`, `fnlwgt` dropped,
/// race (White = 1) and sex (Male = 1) kept out of the features as sensitive attributes,
/// categoricals one-hot with the first level dropped, numbers min-max scaled with training
/// statistics, and a stratified 50/50 train/test split. That gives 94 features. The Python
/// Amulet hard-codes 93 because its loader keeps only White and Black rows (46,447), which
/// removes the level `native-country=Laos` (no White or Black row has it); we keep every row.
/// Reference: Kohavi, "Scaling Up the Accuracy of Naive-Bayes Classifiers", KDD 1996.
public enum AdultDataset: BuiltInDataset {
    public static let declaration = DatasetDeclaration(
        name: "adult",
        summary: "UCI Census Income: predict income >50K (48,842 rows; race, sex sensitive)",
        explanation: "The UCI Adult dataset: 1994 US census records labelled by whether income "
            + "exceeds $50K. Preprocessed as the Python Amulet does: fnlwgt dropped, categoricals "
            + "one-hot, numbers min-max scaled on the training split; race (White) and sex (Male) "
            + "are sensitive attributes kept out of the features.",
        reference: "Kohavi, KDD 1996; UCI Machine Learning Repository",
        files: ["adult.data", "adult.test"])

    static let columnNames = [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
        "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income",
    ]
    static let numeric: Set<String> = [
        "age", "education-num", "capital-gain", "capital-loss", "hours-per-week",
    ]

    /// Reads `adult.data` and `adult.test` from `folder` and splits them with `seed`.
    public static func load(
        folder: DataFolder, seed: UInt64, testFraction: Double = 0.5
    ) throws(DataError) -> DataSplit {
        try folder.memoisedSplit(
            declaration.name, files: declaration.files,
            parameters: "seed=\(seed)|test=\(testFraction)"
        ) { texts, digests throws(DataError) in
            try encode(texts: texts, digests: digests, seed: seed, testFraction: testFraction)
        }
    }

    /// Parses, encodes and splits the texts of `adult.data` and `adult.test`.
    static func encode(
        texts: [String], digests: [String], seed: UInt64, testFraction: Double
    ) throws(DataError) -> DataSplit {
        var rows: [[String]] = []
        for (file, text) in zip(declaration.files, texts) {
            let records = try CSVReader().parse(text, file: file)
            for record in records {
                if record.fields.count == 1 && record.fields[0].hasPrefix("|") { continue }
                guard record.fields.count == columnNames.count else {
                    throw .malformed(
                        file: file, line: record.line, column: 1,
                        reason: "expected \(columnNames.count) fields, found \(record.fields.count)"
                    )
                }
                rows.append(record.fields)
            }
        }
        let labels = rows.map { $0[14].hasPrefix(">50K") ? 1 : 0 }
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        var columns: [TableEncoder.Column] = []
        for (index, name) in columnNames.enumerated() {
            if ["fnlwgt", "race", "sex", "income"].contains(name) { continue }
            let values = rows.map { row -> String? in
                let v = row[index]
                return v == "?" || v.isEmpty ? nil : v
            }
            columns.append(
                TableEncoder.Column(
                    name: name, kind: numeric.contains(name) ? .numeric : .categorical,
                    values: values))
        }
        let (features, names) = try TableEncoder.encode(
            columns, trainRows: train, file: "adult.data")
        let race = SensitiveAttribute(
            name: "race", positiveGroup: "White", negativeGroup: "non-White",
            values: rows.map { $0[8] == "White" ? 1 : 0 })
        let sex = SensitiveAttribute(
            name: "sex", positiveGroup: "Male", negativeGroup: "Female",
            values: rows.map { $0[9] == "Male" ? 1 : 0 })
        let all = Dataset(
            name: "adult", features: features, labels: labels, featureNames: names,
            classNames: ["<=50K", ">50K"], sensitive: [race, sex])
        return DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity:
                "adult|sha256=\(digests.joined(separator: ","))|rows=\(rows.count)|test=\(testFraction)|seed=\(seed)"
        )
    }
}
