import AmuletTensor

/// Deterministic, seeded splits of row indices.
public enum Splitter {
    /// Splits 0..<labels.count so each class keeps its proportion in both parts.
    ///
    /// As scikit-learn's stratified `train_test_split`: the second part gets ⌈fraction·n⌉ rows,
    /// each class ⌊fraction·nₖ⌋ of them, and the rows left over go to the classes with the
    /// largest fractional remainders. Within each class the indices are permuted by `rng`.
    /// Both parts come back sorted, so the split depends only on the seed.
    public static func stratified(
        labels: [Int], secondFraction fraction: Double, rng: inout SeededGenerator
    ) -> (first: [Int], second: [Int]) {
        var byClass: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
        let classes = byClass.keys.sorted()
        let secondTotal = min(labels.count, Int((fraction * Double(labels.count)).rounded(.up)))
        var takes = classes.map { Int((Double(byClass[$0]?.count ?? 0) * fraction).rounded(.down)) }
        var leftover = secondTotal - takes.reduce(0, +)
        let remainders = classes.indices.map { k in
            Double(byClass[classes[k]]?.count ?? 0) * fraction - Double(takes[k])
        }
        for k in classes.indices.sorted(by: { remainders[$0] > remainders[$1] }) where leftover > 0
        {
            takes[k] += 1
            leftover -= 1
        }
        var first: [Int] = []
        var second: [Int] = []
        for (k, label) in classes.enumerated() {
            var members = byClass[label] ?? []
            rng.shuffle(&members)
            let take = min(takes[k], members.count)
            second.append(contentsOf: members[0..<take])
            first.append(contentsOf: members[take...])
        }
        return (first.sorted(), second.sorted())
    }

    /// A uniformly random subset of `count` of 0..<total (sorted) and the rest.
    public static func random(
        total: Int, count: Int, rng: inout SeededGenerator
    ) -> (chosen: [Int], rest: [Int]) {
        let chosen = rng.sampleWithoutReplacement(min(count, total), from: total).sorted()
        var isChosen = [Bool](repeating: false, count: total)
        for i in chosen { isChosen[i] = true }
        return (chosen, (0..<total).filter { !isChosen[$0] })
    }
}
