import AmuletTensor

extension Trainer {
    /// The bytes training one model needs, and the parameter most responsible for them.
    ///
    /// Counts, in Float32: parameters, their gradients, the optimizer's state (Adam keeps two
    /// more copies, SGD one) and one more copy for the checkpoint; activations, cached inputs,
    /// gradients and masks (four per unit) for a batch, or for the evaluation chunk (4,096 rows,
    /// fewer for wide activations: `Network.evaluationChunk`) when that is larger; the gathered training set and batch; and DP-SGD's per-sample norms
    /// and scales. All arithmetic saturates, so `hidden=[100000,100000]` gives a huge number,
    /// not a trap. The responsible parameter is `hidden` when parameters dominate (an MLP),
    /// `batch` when activations do, and nil when the data itself does (the dataset's rows or
    /// features are to blame, and they were named when it loaded).
    public static func memoryEstimate(
        architecture: Architecture, optimizer: OptimizerSpec, batchSize: Int,
        perSampleGradients: Bool, inputWidth: Int, classes: Int, rows: Int
    ) -> (bytes: Int, parameter: String?) {
        let floatBytes = MemoryLayout<Float>.size
        let parameters = architecture.parameterCount(inputWidth: inputWidth, classes: classes)
        let optimizerCopies: Int
        switch optimizer {
        case .adam: optimizerCopies = 2
        case .sgd: optimizerCopies = 1
        }
        let parameterBytes = MemoryBudget.product(parameters, 3 + optimizerCopies, floatBytes)
        let width = architecture.activationWidth(inputWidth: inputWidth, classes: classes)
        let chunk = Network.evaluationChunk(activationWidth: width)
        let batch = max(min(batchSize, rows), min(chunk, rows), 1)
        let activationBytes = MemoryBudget.product(batch, width, 4, floatBytes)
        let dataBytes = MemoryBudget.product(
            MemoryBudget.sum(rows, batch), MemoryBudget.sum(inputWidth, 2), floatBytes)
        var layers = 2
        if case .mlp(let hidden, _, _) = architecture { layers += 3 * hidden.count }
        let perSampleBytes =
            perSampleGradients ? MemoryBudget.product(batch, layers + 2, floatBytes) : 0
        let total = MemoryBudget.sum(parameterBytes, activationBytes, dataBytes, perSampleBytes)
        let parameter: String?
        if parameterBytes >= activationBytes && parameterBytes >= dataBytes {
            if case .mlp = architecture { parameter = "hidden" } else { parameter = nil }
        } else if activationBytes >= dataBytes {
            parameter = "batch"
        } else {
            parameter = nil
        }
        return (total, parameter)
    }
}
