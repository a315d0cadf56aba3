import AmuletLearn
import AmuletTensor

/// Adversarial debiasing: an adversary learns to predict the sensitive attributes from the
/// model's output probabilities, and the model is trained to defeat it.
///
/// Per batch, with q = softmax(z) the model's probabilities and a(q) the adversary's logits
/// (one per attribute), the adversary first takes an Adam step on its binary cross-entropy
/// BCE(a(q), s) with q held fixed; the model's loss then becomes
/// L = CE(z, y) − λ · BCE(a(q), s), the BCE averaged over batch and attributes, as in the
/// Python Amulet's `AdversarialDebiasing.train_fair`. Its gradient with respect to the logits
/// is the adversary's input gradient taken through the softmax Jacobian:
/// ∂L/∂zᵢ = qᵢ ⊙ (gᵢ − ⟨qᵢ, gᵢ⟩) with g = −λ ∂BCE/∂q. The adversary is the Amulet's MLP
/// (three hidden layers of 32). A loss hook on the one training loop, so it composes with
/// DP-SGD, adversarial training and reweighing.
///
/// Reference: Zhang, Lemoine & Mitchell, "Mitigating Unwanted Biases with Adversarial
/// Learning", AIES 2018; Louppe, Kagan & Cranmer, "Learning to Pivot with Adversarial
/// Networks", NeurIPS 2017; Amulet (ssg-research/amulet), `adversarial_debiasing.py`.
public struct AdversarialDebiasingDefense: TrainingDefense {
    /// The sensitive attributes the adversary predicts.
    public var attributes: [String]
    /// Weight λ of the adversary's loss in the model's objective.
    public var lambda: Double
    /// Hidden widths of the adversary MLP.
    public var adversaryHidden: [Int]
    /// The adversary's Adam learning rate.
    public var adversaryLearningRate: Double
    /// The adversary, built when training starts.
    var adversary: Network?
    /// The adversary's optimizer.
    var optimizer: Adam?
    /// Scratch buffer of the adversary's parameter gradients.
    var gradients: [Float] = []

    /// A defense against an adversary that predicts `attributes`, weighted by `lambda`.
    public init(
        attributes: [String], lambda: Double, adversaryHidden: [Int] = [32, 32, 32],
        adversaryLearningRate: Double = 1e-3
    ) {
        self.attributes = attributes
        self.lambda = lambda
        self.adversaryHidden = adversaryHidden
        self.adversaryLearningRate = adversaryLearningRate
    }

    public var identity: String {
        "debias(attributes=\(attributes.joined(separator: ",")),lambda=\(lambda),"
            + "adversary=\(adversaryHidden.map(String.init).joined(separator: "-")),"
            + "lr=\(adversaryLearningRate))"
    }

    /// Checks the attributes are present and builds a fresh adversary.
    public mutating func prepare(
        _ trainingSet: inout TrainingSet, recipe: Recipe, rng: inout SeededGenerator,
        summary: inout TrainingSummary
    ) throws {
        for name in attributes where trainingSet.sensitive[name]?.count != trainingSet.count {
            throw TrainingError.invalidRecipe(
                "debiasing needs the sensitive attribute '\(name)' for every training row")
        }
        if recipe.defenses.contains(where: \.needsPerSampleGradients) {
            summary.notes.append(
                "debiasing under DP-SGD: the adversary learns from each batch's sensitive "
                    + "attributes without clipping or noise, and the model's debiasing gradient "
                    + "depends on it: the reported ε does not account for that channel")
        }
        let network = Architecture.mlp(hidden: adversaryHidden, batchNorm: false, dropout: 0)
            .build(inputWidth: trainingSet.classCount, classes: attributes.count, rng: &rng)
        adversary = network
        optimizer = Adam(
            learningRate: Float(adversaryLearningRate), parameterCount: network.parameterCount)
        gradients = [Float](repeating: 0, count: network.parameterCount)
    }

    /// Trains the adversary one step on this batch, then adds −λ·BCE and its logit gradient.
    public mutating func addLoss(
        logits: Matrix, batch: Batch, logitGradient: inout Matrix, rng: inout SeededGenerator
    ) -> Double {
        guard var network = adversary, var adam = optimizer, logits.rows > 0 else { return 0 }
        let columns = attributes.compactMap { batch.sensitive[$0] }
        guard columns.count == attributes.count else { return 0 }
        let probabilities = logits.softmaxRows()
        // Adversary step on the detached probabilities.
        let before = network.forward(probabilities, training: true, rng: &rng)
        let adversaryLoss = Self.binaryCrossEntropy(logits: before, targets: columns, scale: 1)
        _ = network.backward(adversaryLoss.gradient)
        for i in gradients.indices { gradients[i] = 0 }
        network.accumulateParameterGradients(into: &gradients)
        adam.step(parameters: &network.parameters, gradients: gradients)
        // The model's term against the updated adversary: −λ·BCE.
        let after = network.forward(probabilities, training: true, rng: &rng)
        let term = Self.binaryCrossEntropy(
            logits: after, targets: columns, scale: Float(-lambda))
        let probabilityGradient = network.backward(term.gradient)
        for r in 0..<probabilities.rows {
            var dot: Float = 0
            for c in 0..<probabilities.cols {
                dot += probabilities[r, c] * probabilityGradient[r, c]
            }
            for c in 0..<probabilities.cols {
                logitGradient[r, c] += probabilities[r, c] * (probabilityGradient[r, c] - dot)
            }
        }
        adversary = network
        optimizer = adam
        return -lambda * term.meanLoss
    }

    /// Mean binary cross-entropy of sigmoid(logits) against 0/1 `targets` (one column per
    /// attribute), and `scale` times its gradient with respect to the logits.
    ///
    /// ℓ = max(s, 0) − s·t + log(1 + e^{−|s|}) (stable); ∂ℓ/∂s = σ(s) − t; the mean runs over
    /// rows × attributes, so the gradient is divided by their number.
    static func binaryCrossEntropy(logits: Matrix, targets: [[Int]], scale: Float) -> (
        meanLoss: Double, gradient: Matrix
    ) {
        var gradient = Matrix(rows: logits.rows, cols: logits.cols)
        let count = Float(max(logits.rows * logits.cols, 1))
        var total = 0.0
        for r in 0..<logits.rows {
            for k in 0..<logits.cols {
                let s = logits[r, k]
                let t = Float(targets[k][r])
                total += Double(max(s, 0) - s * t + Math.log(1 + Math.exp(-abs(s))))
                let sigmoid = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s))
                gradient[r, k] = scale * (sigmoid - t) / count
            }
        }
        return (total / Double(count), gradient)
    }
}
