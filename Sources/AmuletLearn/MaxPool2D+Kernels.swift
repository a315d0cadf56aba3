import AmuletTensor

extension MaxPool2D {
    /// Pools one image: y[c, i, j] = max of its window, `winners` the winning input's column.
    ///
    /// The window is scanned in row-major order and a later value wins only when strictly
    /// larger, so ties (and NaNs, which compare false) go to the first. For 2×2 windows eight
    /// outputs are formed at once: the four taps of eight windows are the even and odd lanes of
    /// two 16-lane loads, compared in the same order with the same strict test.
    static func pool(
        _ x: UnsafePointer<Float>, shape: ImageShape, size s: Int,
        into y: UnsafeMutablePointer<Float>, winners w: UnsafeMutablePointer<Int32>
    ) {
        let outHeight = shape.height / s
        let outWidth = shape.width / s
        var o = 0
        for c in 0..<shape.channels {
            let plane = c * shape.planeSize
            for oy in 0..<outHeight {
                let top = plane + oy * s * shape.width
                var ox = 0
                if s == 2 {
                    let lanes = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
                    let below = Int32(shape.width)
                    while ox &+ 8 <= outWidth {
                        let first = top + 2 * ox
                        let upper = UnsafeRawPointer(x + first).loadUnaligned(
                            as: SIMD16<Float>.self)
                        let lower = UnsafeRawPointer(x + first + shape.width).loadUnaligned(
                            as: SIMD16<Float>.self)
                        var best = upper.evenHalf
                        var index = SIMD8<Int32>(repeating: Int32(first)) &+ lanes
                        var mask = upper.oddHalf .> best
                        best.replace(with: upper.oddHalf, where: mask)
                        index.replace(with: index &+ 1, where: mask)
                        let start = SIMD8<Int32>(repeating: Int32(first)) &+ lanes
                        mask = lower.evenHalf .> best
                        best.replace(with: lower.evenHalf, where: mask)
                        index.replace(with: start &+ below, where: mask)
                        mask = lower.oddHalf .> best
                        best.replace(with: lower.oddHalf, where: mask)
                        index.replace(with: start &+ below &+ 1, where: mask)
                        SIMDKernels.store(best, y + o)
                        UnsafeMutableRawPointer(w + o).storeBytes(of: index, as: SIMD8<Int32>.self)
                        o &+= 8
                        ox &+= 8
                    }
                }
                while ox < outWidth {
                    var best = top + ox * s
                    for i in 0..<s {
                        let row = top + i * shape.width + ox * s
                        for j in 0..<s where x[row + j] > x[best] {
                            best = row + j
                        }
                    }
                    y[o] = x[best]
                    w[o] = Int32(best)
                    o += 1
                    ox += 1
                }
            }
        }
    }
}
