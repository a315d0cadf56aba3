import AmuletTensor

extension Network {
    /// Floats the activations of one evaluation chunk may take: 2²⁶ (256 MB).
    public static let evaluationBudget = 1 << 26

    /// Rows evaluated at once: 4,096, or fewer when a row's activations are wide.
    ///
    /// A ResNet-20 on 3×32×32 images keeps about two million floats per row through a forward
    /// pass (every output, and each convolution's column matrix), so 4,096 rows at once
    /// would take tens of GB; the chunk keeps a chunk's activations near `evaluationBudget`.
    /// An MLP or the small CNN on digits stays at 4,096, as before.
    public static func evaluationChunk(activationWidth: Int) -> Int {
        max(1, min(4096, evaluationBudget / max(1, activationWidth)))
    }

    /// `evaluationChunk(activationWidth:)` for this network's layers.
    public var evaluationChunk: Int {
        Network.evaluationChunk(activationWidth: activationFloatsPerRow)
    }

    /// Floats one row keeps through a forward pass: each layer's output, plus each
    /// convolution's column matrix (H′·W′·C·k·k), which dominates.
    var activationFloatsPerRow: Int {
        var total = inputWidth
        var current = inputWidth
        for layer in layers {
            switch layer {
            case let conv as Conv2D:
                current = conv.outputShape.pixelCount
                total = MemoryBudget.sum(
                    total, MemoryBudget.product(conv.outputShape.planeSize, conv.patchSize))
            case let dense as Dense: current = dense.outputWidth
            case let pool as MaxPool2D: current = pool.outputShape.pixelCount
            case let pool as AveragePool2D: current = pool.outputShape.pixelCount
            default: break
            }
            total = MemoryBudget.sum(total, current)
        }
        return total
    }
}
