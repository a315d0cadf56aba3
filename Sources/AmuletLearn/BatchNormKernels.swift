import AmuletTensor

/// The per-row passes of batch-norm over `width` contiguous features, 8 lanes at a time.
///
/// Each lane performs the scalar formula's operations in the same order, so the results are
/// bit-for-bit those of the plain loops in the doc comments.
enum BatchNormKernels {
    typealias Pointer = UnsafePointer<Float>
    typealias MutablePointer = UnsafeMutablePointer<Float>

    /// v[c] += (x[c] − μ[c])².
    static func accumulateSquaredDeviation(
        _ x: Pointer, mean: Pointer, into v: MutablePointer, width: Int
    ) {
        var c = 0
        while c &+ 8 <= width {
            let d = SIMDKernels.load(x + c) - SIMDKernels.load(mean + c)
            SIMDKernels.store(SIMDKernels.load(v + c) + d * d, v + c)
            c &+= 8
        }
        while c < width {
            let d = x[c] - mean[c]
            v[c] += d * d
            c &+= 1
        }
    }

    /// x̂[c] = (x[c] − μ[c])·s[c] and y[c] = x̂[c]·γ[c] + β[c].
    static func normalize(
        _ x: Pointer, mean: Pointer, inverseStd s: Pointer, gamma: Pointer, beta: Pointer,
        normalized xHat: MutablePointer, output y: MutablePointer, width: Int
    ) {
        var c = 0
        while c &+ 8 <= width {
            let h = (SIMDKernels.load(x + c) - SIMDKernels.load(mean + c)) * SIMDKernels.load(s + c)
            SIMDKernels.store(h, xHat + c)
            SIMDKernels.store(h * SIMDKernels.load(gamma + c) + SIMDKernels.load(beta + c), y + c)
            c &+= 8
        }
        while c < width {
            let h = (x[c] - mean[c]) * s[c]
            xHat[c] = h
            y[c] = h * gamma[c] + beta[c]
            c &+= 1
        }
    }

    /// Σg[c] += g[c] and Σg⊙x̂[c] += g[c]·x̂[c].
    static func accumulateGradientSums(
        _ g: Pointer, normalized xHat: Pointer, sum gs: MutablePointer,
        dot gd: MutablePointer, width: Int
    ) {
        var c = 0
        while c &+ 8 <= width {
            let v = SIMDKernels.load(g + c)
            SIMDKernels.store(SIMDKernels.load(gs + c) + v, gs + c)
            SIMDKernels.store(SIMDKernels.load(gd + c) + v * SIMDKernels.load(xHat + c), gd + c)
            c &+= 8
        }
        while c < width {
            let v = g[c]
            gs[c] += v
            gd[c] += v * xHat[c]
            c &+= 1
        }
    }

    /// dx[c] = (γ[c]·s[c])·(n·g[c] − Σg[c] − x̂[c]·Σg⊙x̂[c]) / n.
    static func inputGradient(
        _ g: Pointer, normalized xHat: Pointer, sum gs: Pointer, dot gd: Pointer,
        gamma: Pointer, inverseStd s: Pointer, n: Float, into dx: MutablePointer, width: Int
    ) {
        var c = 0
        while c &+ 8 <= width {
            let scale = SIMDKernels.load(gamma + c) * SIMDKernels.load(s + c)
            let centered =
                n * SIMDKernels.load(g + c) - SIMDKernels.load(gs + c)
                - SIMDKernels.load(xHat + c) * SIMDKernels.load(gd + c)
            SIMDKernels.store(scale * centered / n, dx + c)
            c &+= 8
        }
        while c < width {
            let scale = gamma[c] * s[c]
            let centered = n * g[c] - gs[c] - xHat[c] * gd[c]
            dx[c] = scale * centered / n
            c &+= 1
        }
    }
}
