import AmuletLearn
import AmuletTensor

/// Forward and input-gradient passes of one network through buffers kept across calls.
///
/// PGD asks for ∂ℓ/∂x of the same network tens of times per chunk of rows. A fresh copy of the
/// network per step (as `Network.inputGradient` makes) allocates and page-faults every layer's
/// activations and gradients each time; this pass keeps one copy whose layers reuse their
/// workspaces, and drops the layers' references to the caller's matrices after each backward
/// so the caller's in-place updates of x never copy. The backward forms ∂L/∂input only:
/// parameter gradients are never accumulated (one sgemm per dense layer per pass, against
/// three in a training step). Runs in evaluation mode: batch-norm uses running statistics, so
/// every row's logits and gradient are independent of the other rows in the batch.
/// Reference: Madry et al., "Towards Deep Learning Models Resistant to Adversarial Attacks",
/// ICLR 2018 (the inner maximisation this serves).
struct InputGradientPass {
    /// The network's private copy, whose layers hold the reused buffers.
    private var network: Network
    /// Unused by evaluation-mode layers; `forward` takes one.
    private var rng = SeededGenerator(seed: 0)

    /// A pass over a copy of `network`.
    init(_ network: Network) {
        self.network = network
    }

    /// The logits of `x` in evaluation mode, as a new matrix (the layer buffers stay private).
    mutating func logits(_ x: Matrix) -> Matrix {
        let logits = network.forward(x, training: false, rng: &rng)
        network.releaseCaches(keepingWorkspaces: true)
        return logits
    }

    /// The predicted class of every row of `x`.
    mutating func predictions(_ x: Matrix) -> [Int] {
        logits(x).argmaxRows()
    }

    /// The predictions of `x` and ∂L/∂x of the mean cross-entropy of `labels`.
    ///
    /// With `onlyCorrect`, rows the model already gets wrong weigh 0 in the loss and get a zero
    /// gradient; the others' gradients are then scaled by one common positive factor (1 / the
    /// number of correct rows), which neither a sign step nor a normalised L2 step sees.
    mutating func gradient(
        _ x: Matrix, labels: [Int], onlyCorrect: Bool = false
    ) -> (predictions: [Int], gradient: Matrix) {
        let logits = network.forward(x, training: false, rng: &rng)
        let predictions = logits.argmaxRows()
        let weights =
            onlyCorrect ? zip(predictions, labels).map { $0 == $1 ? Float(1) : 0 } : nil
        let loss = Loss.softmaxCrossEntropy(logits: logits, labels: labels, weights: weights)
        let gradient = network.backward(loss.gradient)
        network.releaseCaches(keepingWorkspaces: true)
        return (predictions, gradient)
    }
}
