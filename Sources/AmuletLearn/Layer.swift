import AmuletTensor

/// One stage of a network: a forward map that caches what its backward pass needs.
///
/// A network's parameters live in one flat buffer; a layer knows its offset and length in it,
/// and in the buffer of non-trainable state (batch-norm running statistics). Backward is split
/// so DP-SGD can clip per sample: `backward` returns ∂L/∂input and caches ∂L/∂output, and
/// `accumulateParameterGradients(rowScale:)` later forms Σᵢ cᵢ·∂ℓᵢ/∂θ with one matrix product.
public protocol Layer: Sendable {
    /// Number of trainable parameters.
    var parameterCount: Int { get }
    /// Number of non-trainable state values (running statistics).
    var stateCount: Int { get }
    /// Offset of this layer's parameters in the network's flat parameter buffer.
    var parameterOffset: Int { get set }
    /// Offset of this layer's state in the network's flat state buffer.
    var stateOffset: Int { get set }
    /// Whether per-sample gradients are separable (false for batch-norm, which mixes samples).
    var isPerSampleSeparable: Bool { get }

    /// Writes initial parameter and state values.
    func initialize(parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator)

    /// Maps a batch of inputs to outputs, caching what backward needs.
    mutating func forward(
        _ input: Matrix, parameters: [Float], state: inout [Float], training: Bool,
        rng: inout SeededGenerator
    ) -> Matrix

    /// Given ∂L/∂output, returns ∂L/∂input; caches ∂L/∂output for parameter gradients.
    mutating func backward(_ outputGradient: Matrix, parameters: [Float]) -> Matrix

    /// Adds Σᵢ rowScale[i]·∂ℓᵢ/∂θ (or the plain sum when `rowScale` is nil) into `gradients`.
    ///
    /// Mutating so a layer can form the row-scaled gradient in a workspace of its own.
    mutating func accumulateParameterGradients(rowScale: [Float]?, gradients: inout [Float])

    /// Adds each sample's squared parameter-gradient norm ‖∂ℓᵢ/∂θ‖² into `norms`.
    ///
    /// Mutating so a layer can form per-sample gradients in a workspace of its own.
    mutating func accumulatePerSampleSquaredNorms(into norms: inout [Float])

    /// Like `backward`, for the lowest layer with parameters in training, where ∂L/∂input is
    /// never read: caches ∂L/∂output and may skip forming ∂L/∂input (a whole matrix product
    /// for a dense layer).
    mutating func backwardSkippingInputGradient(_ outputGradient: Matrix, parameters: [Float])

    /// Drops the layer's references to other layers' buffers (its cached input and output
    /// gradient) and, unless `keepingWorkspaces`, its own output and gradient buffers.
    ///
    /// The trainer calls it after every step, so the buffers a layer reuses for the next batch
    /// are referenced only by that layer and are written in place instead of copied, and once
    /// more at the end, so a trained model holds no batch-sized buffers.
    mutating func releaseCaches(keepingWorkspaces: Bool)
}

extension Layer {
    /// Layers without parameters have none.
    public var parameterCount: Int { 0 }
    /// Layers without running statistics have no state.
    public var stateCount: Int { 0 }
    /// Most layers treat samples independently.
    public var isPerSampleSeparable: Bool { true }
    /// Nothing to initialise by default.
    public func initialize(
        parameters: inout [Float], state: inout [Float], rng: inout SeededGenerator
    ) {}
    /// No parameters, no gradients.
    public mutating func accumulateParameterGradients(
        rowScale: [Float]?, gradients: inout [Float]
    ) {}
    /// No parameters, nothing to add.
    public func accumulatePerSampleSquaredNorms(into norms: inout [Float]) {}
    /// By default the input gradient is formed and dropped.
    public mutating func backwardSkippingInputGradient(
        _ outputGradient: Matrix, parameters: [Float]
    ) {
        _ = backward(outputGradient, parameters: parameters)
    }
    /// Layers that keep no buffers across calls have nothing to release.
    public mutating func releaseCaches(keepingWorkspaces: Bool) {}
}
