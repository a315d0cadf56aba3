import AmuletTensor

/// A small CNN: conv blocks (convolution, ReLU, 2×2 max-pool) then a dense head.
///
/// Each block's convolution keeps the spatial size ("same" padding ⌊k/2⌋ for odd k) and its
/// pooling halves it while both sides are at least 2, so an 8×8 digit with two blocks goes
/// 8×8 → 4×4 → 2×2; a 28×28 MNIST digit goes 28 → 14 → 7. The head is dense + ReLU per hidden
/// width, then a dense layer to the classes, as LeNet-style networks and the Python Amulet's
/// image models are built.
///
/// Reference: LeCun, Bottou, Bengio & Haffner, "Gradient-Based Learning Applied to Document
/// Recognition", Proc. IEEE 1998.
public struct ConvolutionalConfiguration: Sendable, Hashable, Codable {
    /// Shape of one input image (from the data).
    public var image: ImageShape
    /// Filters of each conv block, such as [16, 32].
    public var channels: [Int]
    /// Side of every square kernel.
    public var kernelSize: Int
    /// Widths of the dense head's hidden layers.
    public var hidden: [Int]

    /// A configuration.
    public init(image: ImageShape, channels: [Int], kernelSize: Int, hidden: [Int]) {
        self.image = image
        self.channels = channels
        self.kernelSize = kernelSize
        self.hidden = hidden
    }

    /// A short label such as `cnn-16-32`.
    public var label: String {
        "cnn-" + channels.map(String.init).joined(separator: "-")
    }

    /// The layers for `classes` outputs, not yet laid out in a parameter buffer.
    public func layers(classes: Int) -> [any Layer] {
        var layers: [any Layer] = []
        var shape = image
        for filters in channels {
            let conv = Conv2D(
                inputShape: shape, outputChannels: filters, kernelSize: kernelSize,
                padding: kernelSize / 2)
            layers.append(conv)
            layers.append(ReLU())
            shape = conv.outputShape
            if shape.height >= 2 && shape.width >= 2 {
                let pool = MaxPool2D(inputShape: shape, size: 2)
                layers.append(pool)
                shape = pool.outputShape
            }
        }
        layers.append(Flatten())
        var width = shape.pixelCount
        for units in hidden {
            layers.append(Dense(inputWidth: width, outputWidth: units))
            layers.append(ReLU())
            width = units
        }
        layers.append(Dense(inputWidth: width, outputWidth: classes))
        return layers
    }

    /// Trainable parameters of the network, saturating (never traps).
    public func parameterCount(classes: Int) -> Int {
        layers(classes: classes).reduce(0) { MemoryBudget.sum($0, $1.parameterCount) }
    }

    /// Floats one row keeps through a forward pass: every layer's output plus each
    /// convolution's patch rows (H′·W′·C·k·k), which dominate.
    public func activationWidth(classes: Int) -> Int {
        var total = MemoryBudget.sum(image.pixelCount, classes)
        var shape = image
        for filters in channels {
            let conv = Conv2D(
                inputShape: shape, outputChannels: filters, kernelSize: kernelSize,
                padding: kernelSize / 2)
            total = MemoryBudget.sum(
                total, MemoryBudget.product(conv.outputShape.planeSize, conv.patchSize),
                conv.outputShape.pixelCount)
            shape = conv.outputShape
            if shape.height >= 2 && shape.width >= 2 {
                shape = MaxPool2D(inputShape: shape, size: 2).outputShape
                total = MemoryBudget.sum(total, shape.pixelCount)
            }
        }
        for units in hidden { total = MemoryBudget.sum(total, units) }
        return total
    }
}
