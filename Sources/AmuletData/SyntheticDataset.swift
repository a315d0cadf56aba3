import AmuletTensor

/// A generated two-class Gaussian problem with a sensitive attribute tied to the label.
///
/// Each row draws y ~ Bernoulli(½) and x ~ N(±(separation/2)·u, I) in `features` dimensions,
/// with u a random unit direction; the sensitive attribute equals y with probability
/// `correlation` and is a fair coin otherwise. The Bayes accuracy is Φ(separation/2), so tests
/// know what a good model must reach. Fully determined by the seed.
public enum SyntheticDataset {
    /// Generates `rows` rows and splits them with `seed`.
    public static func make(
        rows: Int, features: Int, separation: Double, correlation: Double, seed: UInt64,
        testFraction: Double = 0.5, isCancelled: () -> Bool = { false }
    ) throws(DataError) -> DataSplit {
        guard rows >= 4 else { throw .invalidParameter("synthetic needs at least 4 rows") }
        guard features >= 1 else { throw .invalidParameter("synthetic needs at least 1 feature") }
        var rng = SeededGenerator(seed: seed)
        var direction = (0..<features).map { _ in rng.normal() }
        let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
        direction = direction.map { $0 / max(norm, 1e-12) }
        var x = Matrix(rows: rows, cols: features)
        var labels = [Int](repeating: 0, count: rows)
        var group = [Int](repeating: 0, count: rows)
        for r in 0..<rows {
            // Every 1,024 rows: a few milliseconds even at the widest tables.
            if r % 1024 == 0 && isCancelled() { throw .interrupted }
            let y = rng.bernoulli(0.5) ? 1 : 0
            labels[r] = y
            let sign = y == 1 ? 1.0 : -1.0
            for c in 0..<features {
                x[r, c] = Float(sign * separation / 2 * direction[c] + rng.normal())
            }
            group[r] = rng.bernoulli(correlation) ? y : (rng.bernoulli(0.5) ? 1 : 0)
        }
        // The split copies every row twice (hundreds of milliseconds for millions of rows):
        // polled before it and between the copies.
        if isCancelled() { throw .interrupted }
        var splitRNG = rng.derived(1)
        let (train, test) = Splitter.stratified(
            labels: labels, secondFraction: testFraction, rng: &splitRNG)
        let all = Dataset(
            name: "synthetic", features: x, labels: labels,
            featureNames: (0..<features).map { "x\($0)" }, classNames: ["0", "1"],
            sensitive: [
                SensitiveAttribute(
                    name: "group", positiveGroup: "A", negativeGroup: "B", values: group)
            ])
        let trainPart = all.subset(train)
        if isCancelled() { throw .interrupted }
        return DataSplit(
            train: trainPart, test: all.subset(test),
            identity: "synthetic|rows=\(rows)|features=\(features)|sep=\(separation)"
                + "|corr=\(correlation)|test=\(testFraction)|seed=\(seed)")
    }

    /// The bytes `make` needs for `rows` × `features`, and the parameter most responsible.
    ///
    /// The generated matrix and its train and test subsets (two copies of every value at the
    /// peak), plus labels, groups and split indices (Int) for each row. The parameter is
    /// whichever of `rows` and `features` is further above its default (2,000 and 10).
    /// Arithmetic saturates, so absurd sizes never trap.
    public static func memoryEstimate(rows: Int, features: Int) -> (bytes: Int, parameter: String) {
        let matrix = MemoryBudget.product(rows, features, MemoryLayout<Float>.size, 2)
        let perRow = MemoryBudget.product(rows, MemoryLayout<Int>.size, 6)
        let parameter = Double(rows) / 2000 >= Double(features) / 10 ? "rows" : "features"
        return (MemoryBudget.sum(matrix, perRow), parameter)
    }

    /// The Bayes-optimal accuracy Φ(separation/2) of the generated problem.
    public static func bayesAccuracy(separation: Double) -> Double {
        Statistics.normalCDF(separation / 2)
    }
}
