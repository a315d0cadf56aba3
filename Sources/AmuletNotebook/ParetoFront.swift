import AmuletRisks

/// The Pareto-optimal points among settings measured on several metrics.
///
/// Point j dominates point i when j is at least as good as i on every metric and strictly
/// better on one, "better" read from each metric's direction (higher or lower). A point is on
/// the front when no other point dominates it. Metrics whose direction is neutral take no part;
/// a point with an undefined value is never on the front (it cannot be compared), and does not
/// dominate others.
///
/// Reference: Deb, "Multi-Objective Optimization using Evolutionary Algorithms" (2001), §2.4.
public enum ParetoFront {
    /// Whether each point is on the front.
    ///
    /// - Parameters:
    ///   - points: One row per setting, one value per metric (nil when undefined).
    ///   - directions: Each metric's direction, one per column of `points`.
    /// - Returns: One flag per point, true when no other point dominates it.
    public static func membership(_ points: [[Double?]], directions: [MetricDirection]) -> [Bool] {
        let columns = directions.indices.filter { directions[$0] != .neutral }
        let scored: [[Double]?] = points.map { point in
            var scores: [Double] = []
            for column in columns {
                guard column < point.count, let value = point[column], value.isFinite else {
                    return nil
                }
                scores.append(directions[column] == .higherIsBetter ? value : -value)
            }
            return scores
        }
        return scored.indices.map { i in
            guard let mine = scored[i] else { return false }
            return !scored.indices.contains { j in
                guard j != i, let theirs = scored[j] else { return false }
                return dominates(theirs, mine)
            }
        }
    }

    /// Whether `first` dominates `second`, both scored so that higher is better.
    public static func dominates(_ first: [Double], _ second: [Double]) -> Bool {
        var strictly = false
        for (a, b) in zip(first, second) {
            if a < b { return false }
            if a > b { strictly = true }
        }
        return strictly
    }
}
