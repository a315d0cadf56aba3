import AmuletTensor

/// ProPublica COMPAS: predict two-year recidivism of defendants in Broward County, Florida.
///
/// Rows are filtered as in ProPublica's analysis (days_b_screening_arrest within ±30,
/// is_recid ≠ −1, c_charge_degree ≠ O, score_text known), leaving 6,172 rows. Features: sex is
/// sensitive, so the features are age, age category, charge degree, juvenile felony /
/// misdemeanour / other counts and priors count. Label 1 = reoffended within two years.
/// Sensitive: race (Caucasian = 1, else 0) and sex (Male = 1).
/// Reference: Angwin et al., "Machine Bias", ProPublica 2016.
public enum COMPASDataset: BuiltInDataset {
    public static let declaration = DatasetDeclaration(
        name: "compas",
        summary: "ProPublica COMPAS: predict two-year recidivism (6,172 rows; race, sex sensitive)",
        explanation: "Criminal defendants scored by COMPAS in Broward County, Florida, labelled "
            + "by whether they reoffended within two years, filtered as in ProPublica's analysis. "
            + "Race (Caucasian) and sex (Male) are sensitive attributes.",
        reference: "Angwin et al., Machine Bias, ProPublica 2016",
        files: ["compas-scores-two-years.csv"])

    /// Reads `compas-scores-two-years.csv` from `folder` and splits it with `seed`.
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

    /// Parses, encodes and splits the text of `compas-scores-two-years.csv` (memoised by `load`).
    static func encode(
        text: String, digest: String, file: String, seed: UInt64, testFraction: Double
    ) throws(DataError) -> DataSplit {
        let records = try CSVReader().parse(text, file: file)
        guard let header = records.first?.fields else {
            throw .malformed(file: file, line: 1, column: 1, reason: "the file is empty")
        }
        func index(_ name: String) throws(DataError) -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw .unknownColumn(file: file, column: name, available: header)
            }
            return i
        }
        let daysIndex = try index("days_b_screening_arrest")
        let recidIndex = try index("is_recid")
        let degreeIndex = try index("c_charge_degree")
        let scoreIndex = try index("score_text")
        let labelIndex = try index("two_year_recid")
        let raceIndex = try index("race")
        let sexIndex = try index("sex")
        let numericNames = [
            "age", "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count",
        ]
        let categoricalNames = ["age_cat", "c_charge_degree"]
        var numericIndices: [Int] = []
        for name in numericNames { numericIndices.append(try index(name)) }
        var categoricalIndices: [Int] = []
        for name in categoricalNames { categoricalIndices.append(try index(name)) }
        var rows: [[String]] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                throw .malformed(
                    file: file, line: record.line, column: 1,
                    reason: "expected \(header.count) fields, found \(record.fields.count)")
            }
            let f = record.fields
            guard let days = Int(f[daysIndex]), abs(days) <= 30, f[recidIndex] != "-1",
                f[degreeIndex] != "O", f[scoreIndex] != "N/A", !f[scoreIndex].isEmpty
            else { continue }
            rows.append(f)
        }
        let labels = rows.map { $0[labelIndex] == "1" ? 1 : 0 }
        var rng = SeededGenerator(seed: seed)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &rng)
        var columns: [TableEncoder.Column] = []
        for (name, i) in zip(numericNames, numericIndices) {
            columns.append(.init(name: name, kind: .numeric, values: rows.map { $0[i] }))
        }
        for (name, i) in zip(categoricalNames, categoricalIndices) {
            columns.append(.init(name: name, kind: .categorical, values: rows.map { $0[i] }))
        }
        let (features, names) = try TableEncoder.encode(columns, trainRows: train, file: file)
        let race = SensitiveAttribute(
            name: "race", positiveGroup: "Caucasian", negativeGroup: "non-Caucasian",
            values: rows.map { $0[raceIndex] == "Caucasian" ? 1 : 0 })
        let sex = SensitiveAttribute(
            name: "sex", positiveGroup: "Male", negativeGroup: "Female",
            values: rows.map { $0[sexIndex] == "Male" ? 1 : 0 })
        let all = Dataset(
            name: "compas", features: features, labels: labels, featureNames: names,
            classNames: ["no recidivism", "recidivism"], sensitive: [race, sex])
        return DataSplit(
            train: all.subset(train), test: all.subset(test),
            identity: "compas|sha256=\(digest)|rows=\(rows.count)|test=\(testFraction)|seed=\(seed)"
        )
    }
}
