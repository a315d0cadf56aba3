import AmuletTensor

extension ImageModelConfiguration {
    /// The Python Amulet's VGG layer lists (capacities m1–m4): filters of each 3×3
    /// convolution, 0 for a 2×2 max-pool.
    static let vggLayers: [Int: [Int]] = [
        11: [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        13: [64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        16: [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0],
        19: [
            64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0,
            512, 512, 512, 512, 0,
        ],
    ]

    /// VGG as the Python Amulet builds it (after kuangliu/pytorch-cifar): per entry a 3×3
    /// convolution with padding 1, batch-norm and ReLU, or a 2×2 max-pool; then global average
    /// pooling and one dense layer to the classes.
    ///
    /// A max-pool is skipped when a side is already below 2 (a 28×28 image reaches 1×1 after
    /// four pools; PyTorch would fail on the fifth).
    func buildVGG(_ builder: inout GraphBuilder, classes: Int) {
        for entry in Self.vggLayers[depth] ?? [] {
            if entry == 0 {
                if builder.shape.height >= 2 && builder.shape.width >= 2 {
                    builder.add(.maxPool(input: builder.shape, size: 2))
                    builder.shape = MaxPool2D(inputShape: builder.shape, size: 2).outputShape
                }
            } else {
                builder.convolution(filters: scaled(entry), kernel: 3)
                builder.add(.relu)
            }
        }
        builder.globalAveragePool()
        builder.add(.dense(input: builder.shape.channels, output: classes))
    }
}
