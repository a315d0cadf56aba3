import AmuletTensor

extension ImageModelConfiguration {
    /// Blocks per stage of the ImageNet-style ResNets (torchvision), and whether their blocks
    /// are bottlenecks (1×1, 3×3, 1×1 with 4× expansion).
    static let resNetStages: [Int: (blocks: [Int], bottleneck: Bool)] = [
        18: ([2, 2, 2, 2], false), 34: ([3, 4, 6, 3], false), 50: ([3, 4, 6, 3], true),
        101: ([3, 4, 23, 3], true), 152: ([3, 8, 36, 3], true),
    ]

    /// ResNet: the ImageNet-style networks as the Python Amulet builds them, or the CIFAR
    /// networks of depth 6n + 2.
    ///
    /// ImageNet-style (18–152, torchvision's with the Python Amulet's `replace_first`): a 3×3
    /// stride-1 stem of 64 filters without max-pool, four stages of 64, 128, 256, 512 filters
    /// (strides 1, 2, 2, 2; the stride on the 3×3 convolution of a bottleneck, as torchvision's
    /// v1.5), global average pooling, then a dense layer (18, 34) or the Python Amulet's head
    /// of dense 1024, ReLU, dropout 0.3, dense 512, ReLU, dropout 0.3, dense (50–152).
    /// CIFAR (20, 32, 44, 56, 110; He et al. §4.2): a 3×3 stem of 16 filters, three stages of
    /// n basic blocks with 16, 32, 64 filters (strides 1, 2, 2), pooling and a dense layer.
    /// A shortcut that changes shape is a strided 1×1 convolution with normalisation (option B
    /// of the paper). Convolutions keep their bias (PyTorch's have none before batch-norm;
    /// the normalisation cancels it, so only the parameter count differs).
    func buildResNet(_ builder: inout GraphBuilder, classes: Int) {
        let cifar = (depth - 2) % 6 == 0 && Self.resNetStages[depth] == nil
        let stem = cifar ? 16 : 64
        builder.convolution(filters: scaled(stem), kernel: 3)
        builder.add(.relu)
        if cifar {
            let n = (depth - 2) / 6
            for (stage, filters) in [16, 32, 64].enumerated() {
                for block in 0..<n {
                    basicBlock(
                        &builder, filters: scaled(filters),
                        stride: stage > 0 && block == 0 ? 2 : 1)
                }
            }
        } else if let stages = Self.resNetStages[depth] {
            for (stage, count) in stages.blocks.enumerated() {
                let planes = scaled(64 << stage)
                for block in 0..<count {
                    let stride = stage > 0 && block == 0 ? 2 : 1
                    if stages.bottleneck {
                        bottleneckBlock(&builder, planes: planes, stride: stride)
                    } else {
                        basicBlock(&builder, filters: planes, stride: stride)
                    }
                }
            }
        }
        builder.globalAveragePool()
        var features = builder.shape.channels
        if !cifar, Self.resNetStages[depth]?.bottleneck == true {
            for hidden in [scaled(1024), scaled(512)] {
                builder.add(.dense(input: features, output: hidden))
                builder.add(.relu)
                builder.add(.dropout(rate: 0.3))
                features = hidden
            }
        }
        builder.add(.dense(input: features, output: classes))
    }

    /// y = ReLU(BN(conv₃(ReLU(BN(conv₃ₛ(x))))) + shortcut(x)).
    private func basicBlock(_ builder: inout GraphBuilder, filters: Int, stride: Int) {
        let (input, inputShape) = (builder.current, builder.shape)
        builder.convolution(filters: filters, kernel: 3, stride: stride)
        builder.add(.relu)
        let main = builder.convolution(filters: filters, kernel: 3)
        let shortcut = projection(&builder, from: input, shape: inputShape, filters, stride)
        builder.add(.relu, inputs: [main, shortcut])
    }

    /// y = ReLU(BN(conv₁(ReLU(BN(conv₃ₛ(ReLU(BN(conv₁(x))))))) + shortcut(x)), 4× expansion.
    private func bottleneckBlock(_ builder: inout GraphBuilder, planes: Int, stride: Int) {
        let (input, inputShape) = (builder.current, builder.shape)
        builder.convolution(filters: planes, kernel: 1)
        builder.add(.relu)
        builder.convolution(filters: planes, kernel: 3, stride: stride)
        builder.add(.relu)
        let main = builder.convolution(filters: 4 * planes, kernel: 1)
        let shortcut = projection(&builder, from: input, shape: inputShape, 4 * planes, stride)
        builder.add(.relu, inputs: [main, shortcut])
    }

    /// The shortcut of a block.
    ///
    /// Its input when the shape is kept, else a strided 1×1 convolution with normalisation
    /// reading it. Leaves the builder's shape as the block's
    /// output shape.
    private func projection(
        _ builder: inout GraphBuilder, from input: Int, shape inputShape: ImageShape,
        _ filters: Int, _ stride: Int
    ) -> Int {
        guard stride != 1 || inputShape.channels != filters else { return input }
        let outputShape = builder.shape
        builder.current = input
        builder.shape = inputShape
        let node = builder.convolution(filters: filters, kernel: 1, stride: stride)
        precondition(builder.shape == outputShape, "ResNet: shortcut shape \(builder.shape)")
        return node
    }
}
