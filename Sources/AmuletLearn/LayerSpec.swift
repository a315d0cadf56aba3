import AmuletTensor

/// A layer's kind and shape, without parameters: what a graph architecture stores per node.
public enum LayerSpec: Sendable, Hashable, Codable {
    /// A dense layer from `input` to `output` units.
    case dense(input: Int, output: Int)
    /// A stride-1 convolution with square kernels and equal zero padding on every side.
    case convolution(input: ImageShape, filters: Int, kernel: Int, padding: Int)
    /// A convolution with a stride above 1 (ResNet's downsampling), square kernels and equal
    /// zero padding on every side.
    case stridedConvolution(input: ImageShape, filters: Int, kernel: Int, padding: Int, stride: Int)
    /// Max-pooling over size×size windows, stride size.
    case maxPool(input: ImageShape, size: Int)
    /// Average-pooling over height×width windows, stride the window.
    case averagePool(input: ImageShape, height: Int, width: Int)
    /// Batch normalisation over `width` features.
    case batchNorm(width: Int, epsilon: Float)
    /// Batch normalisation of images per channel (`BatchNorm2d`).
    case batchNorm2D(input: ImageShape, epsilon: Float)
    /// Group normalisation of images in `groups` groups of channels.
    case groupNorm(input: ImageShape, groups: Int, epsilon: Float)
    /// Dropout at `rate` in training, the identity in evaluation.
    case dropout(rate: Float)
    /// ReLU.
    case relu
    /// Leaky ReLU, sigmoid or tanh.
    case activation(Activation.Kind)
    /// A constant elementwise affine map.
    case affine(scale: [Float], shift: [Float])
    /// The identity (a layout no-op such as Flatten, or a residual block's Add).
    case identity

    /// A fresh layer of this kind.
    public func make() -> any Layer {
        switch self {
        case .dense(let input, let output): return Dense(inputWidth: input, outputWidth: output)
        case .convolution(let input, let filters, let kernel, let padding):
            return Conv2D(
                inputShape: input, outputChannels: filters, kernelSize: kernel, padding: padding)
        case .stridedConvolution(let input, let filters, let kernel, let padding, let stride):
            return Conv2D(
                inputShape: input, outputChannels: filters, kernelSize: kernel, padding: padding,
                stride: stride)
        case .maxPool(let input, let size): return MaxPool2D(inputShape: input, size: size)
        case .averagePool(let input, let height, let width):
            return AveragePool2D(inputShape: input, windowHeight: height, windowWidth: width)
        case .batchNorm(let width, let epsilon): return BatchNorm(width: width, epsilon: epsilon)
        case .batchNorm2D(let input, let epsilon):
            return BatchNorm2D(shape: input, epsilon: epsilon)
        case .groupNorm(let input, let groups, let epsilon):
            return GroupNorm(shape: input, groups: groups, epsilon: epsilon)
        case .dropout(let rate): return Dropout(rate: rate)
        case .relu: return ReLU()
        case .activation(let kind): return Activation(kind)
        case .affine(let scale, let shift): return ConstantAffine(scale: scale, shift: shift)
        case .identity: return Flatten()
        }
    }

    /// The spec of a built layer, or nil for a layer kind graphs do not hold.
    public static func of(_ layer: any Layer) -> LayerSpec? {
        switch layer {
        case let d as Dense: return .dense(input: d.inputWidth, output: d.outputWidth)
        case let c as Conv2D where c.stride == 1:
            return .convolution(
                input: c.inputShape, filters: c.outputChannels, kernel: c.kernelSize,
                padding: c.padding)
        case let c as Conv2D:
            return .stridedConvolution(
                input: c.inputShape, filters: c.outputChannels, kernel: c.kernelSize,
                padding: c.padding, stride: c.stride)
        case let p as MaxPool2D: return .maxPool(input: p.inputShape, size: p.size)
        case let p as AveragePool2D:
            return .averagePool(input: p.inputShape, height: p.windowHeight, width: p.windowWidth)
        case let b as BatchNorm: return .batchNorm(width: b.width, epsilon: b.epsilon)
        case let b as BatchNorm2D: return .batchNorm2D(input: b.shape, epsilon: b.epsilon)
        case let g as GroupNorm:
            return .groupNorm(input: g.shape, groups: g.groups, epsilon: g.epsilon)
        case let d as Dropout: return .dropout(rate: d.rate)
        case is ReLU: return .relu
        case let a as Activation: return .activation(a.kind)
        case let a as ConstantAffine: return .affine(scale: a.scale, shift: a.shift)
        case is Flatten: return .identity
        default: return nil
        }
    }

    /// Whether the layer mixes the samples of a batch (batch-norm in training).
    public var isBatchNorm: Bool {
        switch self {
        case .batchNorm, .batchNorm2D: return true
        default: return false
        }
    }
}

/// One node of a graph architecture: a layer and the nodes whose outputs it sums as input.
public struct GraphNode: Sendable, Hashable, Codable {
    /// The layer.
    public var layer: LayerSpec
    /// Indices of earlier nodes, −1 for the network's input.
    public var inputs: [Int]

    /// A node.
    public init(layer: LayerSpec, inputs: [Int]) {
        self.layer = layer
        self.inputs = inputs
    }
}
