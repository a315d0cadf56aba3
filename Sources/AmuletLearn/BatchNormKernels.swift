import AmuletTensor

/// The per-row passes of batch-norm over `width` contiguous features, 8 lanes at a time.
///
/// Each lane performs the scalar formula's operations in the same order, so the results are
/// bit-for-bit those of the plain loops in the doc comments.
enum BatchNormKernels {
    typealias Pointer = UnsafePointer<Float>
    typealias MutablePointer = UnsafeMutablePointer<Float>

    /// Σd[c] += d and Σd²[c] += d² with d = x[c] − K[c].
    static func accumulateShiftedMoments(
        _ x: Pointer, shift: Pointer, sum: MutablePointer, squares: MutablePointer, width: Int
    ) {
        var c = 0
        while c &+ 8 <= width {
            let d = SIMDKernels.load(x + c) - SIMDKernels.load(shift + c)
            SIMDKernels.store(SIMDKernels.load(sum + c) + d, sum + c)
            SIMDKernels.store(SIMDKernels.load(squares + c) + d * d, squares + c)
            c &+= 8
        }
        while c < width {
            let d = x[c] - shift[c]
            sum[c] += d
            squares[c] += d * d
            c &+= 1
        }
    }

    /// y[c] = x̂[c]·γ[c] + β[c] with x̂[c] = (x[c] − μ[c])·s[c].
    static func normalize(
        _ x: Pointer, mean: Pointer, inverseStd s: Pointer, gamma: Pointer, beta: Pointer,
        output y: MutablePointer, width: Int
    ) {
        var c = 0
        while c &+ 8 <= width {
            let h = (SIMDKernels.load(x + c) - SIMDKernels.load(mean + c)) * SIMDKernels.load(s + c)
            SIMDKernels.store(h * SIMDKernels.load(gamma + c) + SIMDKernels.load(beta + c), y + c)
            c &+= 8
        }
        while c < width {
            let h = (x[c] - mean[c]) * s[c]
            y[c] = h * gamma[c] + beta[c]
            c &+= 1
        }
    }

    /// Σg[c] += g[c] and Σg⊙x̂[c] += g[c]·x̂[c], with x̂[c] = (x[c] − μ[c])·s[c] recomputed.
    static func accumulateGradientSums(
        _ g: Pointer, input x: Pointer, mean: Pointer, inverseStd s: Pointer,
        sum gs: MutablePointer, dot gd: MutablePointer, width: Int
    ) {
        var c = 0
        while c &+ 8 <= width {
            let v = SIMDKernels.load(g + c)
            let h = (SIMDKernels.load(x + c) - SIMDKernels.load(mean + c)) * SIMDKernels.load(s + c)
            SIMDKernels.store(SIMDKernels.load(gs + c) + v, gs + c)
            SIMDKernels.store(SIMDKernels.load(gd + c) + v * h, gd + c)
            c &+= 8
        }
        while c < width {
            let v = g[c]
            gs[c] += v
            gd[c] += v * ((x[c] - mean[c]) * s[c])
            c &+= 1
        }
    }

    /// dx[c] = k[c]·(n·g[c] − Σg[c] − x̂[c]·Σg⊙x̂[c]), with k[c] = γ[c]·s[c]/n per feature and
    /// x̂[c] = (x[c] − μ[c])·s[c] recomputed.
    ///
    /// k is formed once per feature (`gradientScale`), so the pass over the batch multiplies
    /// where it would divide: a division costs several multiplies' time.
    static func inputGradient(
        _ g: Pointer, input x: Pointer, mean: Pointer, inverseStd s: Pointer, sum gs: Pointer,
        dot gd: Pointer, scale k: Pointer, n: Float, into dx: MutablePointer, width: Int
    ) {
        var c = 0
        while c &+ 8 <= width {
            let h = (SIMDKernels.load(x + c) - SIMDKernels.load(mean + c)) * SIMDKernels.load(s + c)
            let centered =
                n * SIMDKernels.load(g + c) - SIMDKernels.load(gs + c) - h
                * SIMDKernels.load(gd + c)
            SIMDKernels.store(SIMDKernels.load(k + c) * centered, dx + c)
            c &+= 8
        }
        while c < width {
            let h = (x[c] - mean[c]) * s[c]
            let centered = n * g[c] - gs[c] - h * gd[c]
            dx[c] = k[c] * centered
            c &+= 1
        }
    }

    /// k[c] = γ[c]·s[c]/n, the per-feature factor of `inputGradient`.
    static func gradientScale(
        gamma: Pointer, inverseStd s: Pointer, n: Float, into k: MutablePointer, width: Int
    ) {
        for c in 0..<width { k[c] = gamma[c] * s[c] / n }
    }
}
