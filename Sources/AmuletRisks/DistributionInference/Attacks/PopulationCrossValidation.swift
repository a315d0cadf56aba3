import AmuletLearn
import AmuletTensor

/// Scores every population model by a test built without it: distinguishing accuracy measured
/// by cross-validation over the adversary's own models instead of on extra test models.
///
/// Training test models of known ratio costs as many trainings again as their number (10 extra
/// on 40 in the usual setting). Held-out population models measure the same thing: each is a
/// model trained on its ratio from data the test never saw through it, by the same recipe, and
/// the adversary's and the target's halves of the training split are drawn from one
/// distribution. The KL test leaves one model out at a time (it costs only probabilities); the
/// meta-classifier is retrained on k − 1 of k stratified folds (fold f holds models f, f + k, …
/// of both populations) and scores the fold it did not see.
/// Reference: Stone, "Cross-Validatory Choice and Assessment of Statistical Predictions",
/// JRSS B 1974; Suri & Evans, PETS 2022, section 3 (distinguishing accuracy).
enum PopulationCrossValidation {
    /// Each model's KL score (its population's test built without it), population 1 first.
    ///
    /// - Parameters:
    ///   - answers1: `answers1[m][s]`: model m of ratio 1 on probe set s.
    ///   - answers2: The same for the models of ratio 2.
    /// - Returns: One score per model (above ½: judged ratio 2), ratio 1's models first.
    static func klScores(answers1: [[Matrix]], answers2: [[Matrix]]) -> [Double] {
        func byProbe(_ answers: [[Matrix]], leaving out: Int?) -> [[Matrix]] {
            let sets = answers.first?.count ?? 0
            return (0..<sets).map { s in
                answers.indices.filter { $0 != out }.map { answers[$0][s] }
            }
        }
        let first = answers1.indices.map { m in
            KLDistributionTest(
                population1: byProbe(answers1, leaving: m),
                population2: byProbe(answers2, leaving: nil)
            ).score(answers1[m])
        }
        let second = answers2.indices.map { m in
            KLDistributionTest(
                population1: byProbe(answers1, leaving: nil),
                population2: byProbe(answers2, leaving: m)
            ).score(answers2[m])
        }
        return first + second
    }

    /// The folds of `count` models per population: fold f holds indices f, f + k, … of each.
    static func folds(count: Int, requested: Int) -> [[Int]] {
        let k = max(2, min(requested, count))
        return (0..<k).map { f in Array(stride(from: f, to: count, by: k)) }
    }

    /// Each model's meta-classifier score from a classifier trained without its fold,
    /// population 1 first.
    static func metaScores(
        first: [NeuronRows], second: [NeuronRows], folds requested: Int,
        training: MetaClassifierTraining, seed: UInt64, cancellation: CancellationToken?
    ) throws -> [Double] {
        let probability = { (z: Float) in 1 / (1 + Math.exp(-Double(z))) }
        var scores1 = [Double](repeating: 0.5, count: first.count)
        var scores2 = [Double](repeating: 0.5, count: second.count)
        let count = min(first.count, second.count)
        for (f, fold) in folds(count: count, requested: requested).enumerated() {
            let held = Set(fold)
            let train1 = first.indices.filter { !held.contains($0) }.map { first[$0] }
            let train2 = second.indices.filter { !held.contains($0) }.map { second[$0] }
            let classifier = try training.train(
                train1 + train2,
                isRatio2: train1.map { _ in false } + train2.map { _ in true },
                seed: SeededGenerator.deriveSeed(seed, UInt64(f)),
                cancellation: cancellation)
            let logits = classifier.logits(fold.map { first[$0] } + fold.map { second[$0] })
            for (i, m) in fold.enumerated() {
                scores1[m] = probability(logits[i])
                scores2[m] = probability(logits[fold.count + i])
            }
        }
        return scores1 + scores2
    }
}
