import AmuletTensor

/// The Python Amulet's image models, VGG and ResNet, with a width multiplier for CPU budgets.
///
/// Both are built as graph networks (`GraphArchitecture`): a residual block's Add is a node
/// reading two inputs. Every channel count is scaled by `width` (at least 1), so `width=0.25`
/// costs about 1/16 of the multiply-adds. The image shape comes from the data, so the first
/// convolution takes the data's channels (the Python Amulet assumes 3).
///
/// References: Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
/// Recognition", ICLR 2015; He, Zhang, Ren & Sun, "Deep Residual Learning for Image
/// Recognition", CVPR 2016.
public struct ImageModelConfiguration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The network family.
    public enum Family: String, Sendable, Hashable, Codable {
        /// VGG: 3×3 convolutions with max-pools (11, 13, 16 or 19 layers).
        case vgg
        /// ResNet: residual blocks (18–152 ImageNet-style, 20–110 the CIFAR networks).
        case resnet
    }

    /// How activations are normalised after each convolution.
    public enum Normalization: String, Sendable, Hashable, Codable {
        /// Batch-norm per channel, as the originals.
        case batch
        /// Group norm (DP-SGD's substitute: it keeps samples separate).
        case group
    }

    /// The family.
    public var family: Family
    /// The depth: 11, 13, 16 or 19 for VGG; 18, 34, 50, 101, 152 or 20, 32, 44, 56, 110 for
    /// ResNet.
    public var depth: Int
    /// Multiplier of every channel count (1 is the original).
    public var width: Double
    /// The normalisation after each convolution.
    public var normalization: Normalization
    /// Shape of one input image (from the data).
    public var image: ImageShape

    /// A configuration; `isSupported` says whether the family has the depth.
    public init(
        family: Family, depth: Int, width: Double, normalization: Normalization = .batch,
        image: ImageShape
    ) {
        self.family = family
        self.depth = depth
        self.width = width
        self.normalization = normalization
        self.image = image
    }

    /// The depths each family is built for.
    public static func depths(of family: Family) -> [Int] {
        switch family {
        case .vgg: return [11, 13, 16, 19]
        case .resnet: return [18, 34, 50, 101, 152, 20, 32, 44, 56, 110]
        }
    }

    /// Whether the family has this depth and the width gives every layer a channel.
    public var isSupported: Bool {
        Self.depths(of: family).contains(depth) && width > 0 && width.isFinite
    }

    /// A short label such as `vgg11`, `resnet20-w0.5` or `vgg16+gn`.
    public var label: String {
        var label = "\(family.rawValue)\(depth)"
        if width != 1 { label += "-w\(width)" }
        if normalization == .group { label += "+gn" }
        return label
    }

    /// The label and the image shape: everything that determines the layers but the classes.
    public var description: String { "\(label)(image=\(image))" }

    /// `channels` scaled by the width multiplier, at least 1.
    func scaled(_ channels: Int) -> Int { max(1, Int((Double(channels) * width).rounded())) }

    /// The graph network for `classes` outputs (fresh weights at `build`).
    public func graph(classes: Int) -> GraphArchitecture {
        var builder = GraphBuilder(image: image, normalization: normalization)
        switch family {
        case .vgg: buildVGG(&builder, classes: classes)
        case .resnet: buildResNet(&builder, classes: classes)
        }
        return GraphArchitecture(
            name: label, digest: "built-in", nodes: builder.nodes, inputWidth: image.pixelCount,
            classes: classes, image: image, parameters: [], state: [])
    }
}

/// Appends graph nodes while tracking the current node and its image shape.
struct GraphBuilder {
    /// The nodes so far.
    var nodes: [GraphNode] = []
    /// The node the next layer reads (−1: the network's input).
    var current = -1
    /// The shape of `current`'s output.
    var shape: ImageShape
    /// The normalisation after each convolution.
    let normalization: ImageModelConfiguration.Normalization

    init(image: ImageShape, normalization: ImageModelConfiguration.Normalization) {
        self.shape = image
        self.normalization = normalization
    }

    /// Adds a node reading `inputs` (default: the current node) and makes it current.
    @discardableResult
    mutating func add(_ layer: LayerSpec, inputs: [Int]? = nil) -> Int {
        nodes.append(GraphNode(layer: layer, inputs: inputs ?? [current]))
        current = nodes.count - 1
        return current
    }

    /// A k×k convolution of `filters` with padding ⌊k/2⌋ and `stride`, then the
    /// normalisation; returns the normalisation's node.
    @discardableResult
    mutating func convolution(filters: Int, kernel: Int, stride: Int = 1) -> Int {
        let spec: LayerSpec =
            stride == 1
            ? .convolution(input: shape, filters: filters, kernel: kernel, padding: kernel / 2)
            : .stridedConvolution(
                input: shape, filters: filters, kernel: kernel, padding: kernel / 2, stride: stride)
        let conv = Conv2D(
            inputShape: shape, outputChannels: filters, kernelSize: kernel, padding: kernel / 2,
            stride: stride)
        add(spec)
        shape = conv.outputShape
        switch normalization {
        case .batch: return add(.batchNorm2D(input: shape, epsilon: 1e-5))
        case .group:
            return add(
                .groupNorm(
                    input: shape, groups: GroupNorm.defaultGroups(channels: shape.channels),
                    epsilon: 1e-5))
        }
    }

    /// Global average pooling (`AdaptiveAvgPool2d(1)`): one value per channel.
    mutating func globalAveragePool() {
        add(.averagePool(input: shape, height: shape.height, width: shape.width))
        shape = ImageShape(channels: shape.channels, height: 1, width: 1)
    }
}
