import AmuletLearn
import AmuletTensor

/// Trains a permutation-invariant meta-classifier on population models labelled by ratio.
///
/// Full-batch Adam (learning rate 10⁻³, L2 weight decay 10⁻², as the Python Amulet's
/// `WhiteBoxPIM` uses weight decay 10⁻²) on the mean binary cross-entropy; the population is
/// small (tens of models), so every step sees all of it and training is deterministic given
/// the seed of the initial weights.
/// Reference: Ganju et al., CCS 2018, section 4.2; Suri & Evans, PETS 2022, section 6.2.
struct MetaClassifierTraining: Sendable {
    /// Width of φ's hidden layer.
    var hidden = 32
    /// Width of each layer's representation.
    var representation = 8
    /// Full-batch steps.
    var epochs = 200
    /// Adam's step size.
    var learningRate: Float = 1e-3
    /// L2 weight decay.
    var weightDecay: Float = 1e-2

    /// A classifier trained to output ratio 2 (label 1) for `models[i]` where `isRatio2[i]`.
    ///
    /// - Precondition: `models` is not empty and every model has the first one's shapes.
    func train(
        _ models: [NeuronRows], isRatio2: [Bool], seed: UInt64,
        cancellation: CancellationToken? = nil
    ) throws -> PermutationInvariantMetaClassifier {
        var rng = SeededGenerator(seed: seed)
        var classifier = PermutationInvariantMetaClassifier(
            shapes: models[0].shapes, hidden: hidden, representation: representation, rng: &rng)
        classifier.fitInputScales(models)
        let batch = classifier.batch(models)
        let labels = isRatio2.map { Float($0 ? 1 : 0) }
        var optimizer = Adam(
            learningRate: learningRate, weightDecay: weightDecay,
            parameterCount: classifier.parameters.count)
        for _ in 0..<epochs {
            if let cancellation { try cancellation.check() }
            let (_, gradient) = classifier.lossAndGradient(batch, labels: labels)
            optimizer.step(parameters: &classifier.parameters, gradients: gradient)
        }
        return classifier
    }
}
