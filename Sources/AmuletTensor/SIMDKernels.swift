/// Element-wise kernels over raw Float buffers in 8-wide SIMD chunks with a scalar tail.
///
/// The compiler does not vectorise the plain loops of the layers on its own (the select of a
/// ReLU becomes a mispredicted branch, several buffers might alias), so these load and store
/// `SIMD8<Float>` explicitly. Each lane computes the same IEEE operations, in the same order, as
/// the scalar formula, so results are bit-for-bit those of the scalar loop.
public enum SIMDKernels {
    /// Loads eight floats at `pointer` (no alignment needed).
    @inline(__always)
    public static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Stores eight floats at `pointer` (no alignment needed).
    @inline(__always)
    public static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }

    /// y = x < 0 ? 0 : x (a NaN stays NaN).
    public static func relu(
        _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i &+ 8 <= count {
            let v = load(x + i)
            store(v.replacing(with: 0, where: v .< 0), y + i)
            i &+= 8
        }
        while i < count {
            let v = x[i]
            y[i] = v < 0 ? 0 : v
            i &+= 1
        }
    }

    /// dx = y ≤ 0 ? 0 : g, the ReLU backward from its output y.
    public static func reluBackward(
        output y: UnsafePointer<Float>, gradient g: UnsafePointer<Float>,
        into dx: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i &+ 8 <= count {
            let mask = load(y + i) .<= 0
            store(load(g + i).replacing(with: 0, where: mask), dx + i)
            i &+= 8
        }
        while i < count {
            let v = g[i]
            dx[i] = y[i] <= 0 ? 0 : v
            i &+= 1
        }
    }

    /// sum[c] += x[c] for c in 0..<count.
    public static func accumulate(
        _ x: UnsafePointer<Float>, into sum: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i &+ 8 <= count {
            store(load(sum + i) + load(x + i), sum + i)
            i &+= 8
        }
        while i < count {
            sum[i] += x[i]
            i &+= 1
        }
    }

    /// Σ x[c]² for c in 0..<count, in eight lanes summed at the end.
    ///
    /// A single running sum would wait on each addition before the next; eight partial sums
    /// are independent. The order differs from a left-to-right sum, so the last bits may too.
    @inline(__always)
    public static func squaredNorm(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>.zero
        var i = 0
        while i &+ 8 <= count {
            let v = load(x + i)
            lanes += v * v
            i &+= 8
        }
        var total = lanes.sum()
        while i < count {
            total += x[i] * x[i]
            i &+= 1
        }
        return total
    }

    /// y[c] = x[c]·factor for c in 0..<count.
    @inline(__always)
    public static func scale(
        _ x: UnsafePointer<Float>, by factor: Float, into y: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i &+ 8 <= count {
            store(load(x + i) * factor, y + i)
            i &+= 8
        }
        while i < count {
            y[i] = x[i] * factor
            i &+= 1
        }
    }

    /// y[c] = x[c] + shift for c in 0..<count.
    @inline(__always)
    public static func add(
        _ x: UnsafePointer<Float>, shift: Float, into y: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i &+ 8 <= count {
            store(load(x + i) + shift, y + i)
            i &+= 8
        }
        while i < count {
            y[i] = x[i] + shift
            i &+= 1
        }
    }

    /// Σ x[c] for c in 0..<count, in eight lanes summed at the end (as `squaredNorm`).
    @inline(__always)
    public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>.zero
        var i = 0
        while i &+ 8 <= count {
            lanes += load(x + i)
            i &+= 8
        }
        var total = lanes.sum()
        while i < count {
            total += x[i]
            i &+= 1
        }
        return total
    }
}
