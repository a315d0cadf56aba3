import AmuletTensor

/// The KL test of distribution inference: which population's outputs a model's resemble.
///
/// Every model answers the same probe rows. On each probe set the test keeps the half of the
/// rows where the two populations disagree most (largest |mean log p₁ − mean log p₂| summed
/// over classes), then, for a model v under test, computes for every population model a the
/// mean over kept rows of KL(a(x) ‖ v(x)) = Σ_c a_c(x)·(log a_c(x) − log v_c(x)), with
/// probabilities clipped to [ε, 1 − ε] (ε = 10⁻⁴) so the divergence stays finite. Each pair
/// (a₁ from population 1, a₂ from population 2) votes "ratio 2" when v is closer to a₂,
/// KL(a₁ ‖ v) > KL(a₂ ‖ v), and half a vote on a tie. The score is the fraction of votes for
/// ratio 2 over all pairs, averaged over the probe sets; above ½ the model is judged to come
/// from ratio 2. The Python Amulet compares a random 80% of its pairs and min-max normalises
/// the differences; counting every pair keeps the score free of randomness.
/// Reference: Suri & Evans, "Formalizing and Estimating Distribution Inference Risks",
/// PETS 2022, section 6.1 (KL divergence attack).
struct KLDistributionTest: Sendable {
    /// Clipping of probabilities before logarithms.
    static let epsilon: Float = 1e-4

    /// One probe set: the kept rows and both populations' log-probabilities on them.
    struct ProbeSet: Sendable {
        /// Indices of the kept probe rows.
        var keptRows: [Int]
        /// Per population-1 model: its probabilities on the kept rows, (kept, classes).
        var population1: [Matrix]
        /// Per population-2 model: its probabilities on the kept rows.
        var population2: [Matrix]
    }

    /// The probe sets, one per ratio in the Python Amulet.
    var probeSets: [ProbeSet]

    /// A test from each population's class probabilities on each probe set.
    ///
    /// - Parameters:
    ///   - population1: `population1[s][m]`: model m of ratio 1 on probe set s, (rows, classes).
    ///   - population2: the same for ratio 2; both populations must answer the same probes.
    init(population1: [[Matrix]], population2: [[Matrix]]) {
        probeSets = zip(population1, population2).map { first, second in
            let kept = Self.mostDisagreeingRows(first, second)
            return ProbeSet(
                keptRows: kept, population1: first.map { Self.clipped($0, rows: kept) },
                population2: second.map { Self.clipped($0, rows: kept) })
        }
    }

    /// The half of the rows (at least one) where the populations' mean log-probabilities differ
    /// most, in decreasing order of that difference (ties by row).
    static func mostDisagreeingRows(_ first: [Matrix], _ second: [Matrix]) -> [Int] {
        guard let shape = first.first, !second.isEmpty else { return [] }
        let mean1 = meanLogProbabilities(first)
        let mean2 = meanLogProbabilities(second)
        let gaps = (0..<shape.rows).map { r in
            (0..<shape.cols).reduce(0.0) { $0 + Double(abs(mean1[r, $1] - mean2[r, $1])) }
        }
        let order = gaps.indices.sorted { gaps[$0] > gaps[$1] || (gaps[$0] == gaps[$1] && $0 < $1) }
        return Array(order.prefix(max(1, shape.rows / 2)))
    }

    /// The elementwise mean over models of log(clip(p)).
    static func meanLogProbabilities(_ models: [Matrix]) -> Matrix {
        guard let first = models.first else { return Matrix(rows: 0, cols: 0) }
        var total = Matrix(rows: first.rows, cols: first.cols)
        for m in models {
            for i in total.storage.indices { total.storage[i] += Self.logClipped(m.storage[i]) }
        }
        let scale = 1 / Float(models.count)
        for i in total.storage.indices { total.storage[i] *= scale }
        return total
    }

    /// log of p clipped to [ε, 1 − ε].
    static func logClipped(_ p: Float) -> Float {
        Math.log(min(max(p, epsilon), 1 - epsilon))
    }

    /// The rows `rows` of `probabilities`, clipped to [ε, 1 − ε].
    static func clipped(_ probabilities: Matrix, rows: [Int]) -> Matrix {
        var out = Matrix(rows: rows.count, cols: probabilities.cols)
        for (k, r) in rows.enumerated() {
            for c in 0..<probabilities.cols {
                out[k, c] = min(max(probabilities[r, c], epsilon), 1 - epsilon)
            }
        }
        return out
    }

    /// Mean over rows of KL(a ‖ v) for clipped a and log v.
    static func meanDivergence(_ a: Matrix, logV: Matrix) -> Double {
        var total = 0.0
        for i in a.storage.indices {
            let p = a.storage[i]
            total += Double(p * (Math.log(p) - logV.storage[i]))
        }
        return total / Double(max(a.rows, 1))
    }

    /// The fraction of population pairs voting that `probabilities` (one matrix per probe set,
    /// the model's class probabilities on every probe row) comes from ratio 2.
    func score(_ probabilities: [Matrix]) -> Double {
        var total = 0.0
        for (set, answer) in zip(probeSets, probabilities) {
            let kept = Self.clipped(answer, rows: set.keptRows)
            var logV = kept
            for i in logV.storage.indices { logV.storage[i] = Math.log(logV.storage[i]) }
            let toFirst = set.population1.map { Self.meanDivergence($0, logV: logV) }
            let toSecond = set.population2.map { Self.meanDivergence($0, logV: logV) }
            total += Self.voteFraction(toFirst: toFirst, toSecond: toSecond)
        }
        return total / Double(max(probeSets.count, 1))
    }

    /// Fraction of pairs (i, j) with toFirst[i] > toSecond[j], ties counting one half.
    static func voteFraction(toFirst: [Double], toSecond: [Double]) -> Double {
        guard !toFirst.isEmpty, !toSecond.isEmpty else { return 0.5 }
        var votes = 0.0
        for a in toFirst {
            for b in toSecond {
                if a > b { votes += 1 } else if a == b { votes += 0.5 }
            }
        }
        return votes / Double(toFirst.count * toSecond.count)
    }
}
