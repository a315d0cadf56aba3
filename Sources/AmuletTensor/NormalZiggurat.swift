import Glibc

/// Standard normal draws by the ziggurat method: 128 layers of equal area under the density,
/// so a draw usually costs one 64-bit random number, a table look-up, a multiply and a compare.
///
/// About 99% of draws land inside a layer's rectangle and return at once; the rest test the
/// wedge against the density, or (layer 0) draw from the tail beyond r with Marsaglia's
/// exponential method. The draws are exactly normal, not an approximation. Layer and value
/// come from disjoint bits of one 64-bit draw (the low 7 bits pick the layer, the high 32
/// are the signed value), avoiding the correlation Doornik found in the original's reuse of
/// bits. Tables are computed in Double from r and the layer area v.
///
/// References: Marsaglia & Tsang, "The Ziggurat Method for Generating Random Variables",
/// Journal of Statistical Software 5(8), 2000; Doornik, "An Improved Ziggurat Method to
/// Generate Normal Random Samples", 2005.
struct NormalZiggurat: Sendable {
    /// The right edge of the base layer.
    static let r = 3.442619855899
    /// The area of every layer (rectangle plus wedge, or base plus tail).
    static let layerArea = 9.91256303526217e-3

    /// The process's tables (immutable, computed once).
    static let tables = NormalZiggurat()

    /// kn[i]: a signed 32-bit value below it (in magnitude) lies inside layer i's rectangle.
    let kn: [UInt32]
    /// wn[i]: the scale from a signed 32-bit value to x in layer i.
    let wn: [Double]
    /// fn[i]: the density exp(−x²/2) at the layer's edge.
    let fn: [Double]

    private init() {
        let m1 = 2_147_483_648.0
        var kn = [UInt32](repeating: 0, count: 128)
        var wn = [Double](repeating: 0, count: 128)
        var fn = [Double](repeating: 0, count: 128)
        var dn = Self.r
        var tn = dn
        let q = Self.layerArea / exp(-0.5 * dn * dn)
        kn[0] = UInt32((dn / q) * m1)
        kn[1] = 0
        wn[0] = q / m1
        wn[127] = dn / m1
        fn[0] = 1
        fn[127] = exp(-0.5 * dn * dn)
        for i in stride(from: 126, through: 1, by: -1) {
            dn = (-2 * log(Self.layerArea / dn + exp(-0.5 * dn * dn))).squareRoot()
            kn[i + 1] = UInt32((dn / tn) * m1)
            tn = dn
            fn[i] = exp(-0.5 * dn * dn)
            wn[i] = dn / m1
        }
        self.kn = kn
        self.wn = wn
        self.fn = fn
    }

    /// Fills `buffer` with normal draws of standard deviation `std` from `rng`.
    func fill(_ buffer: UnsafeMutableBufferPointer<Float>, std: Float, rng: inout SeededGenerator) {
        let scale = Double(std)
        kn.withUnsafeBufferPointer { kn in
            wn.withUnsafeBufferPointer { wn in
                for i in buffer.indices {
                    let bits = rng.next()
                    let layer = Int(bits & 127)
                    let value = Int32(truncatingIfNeeded: bits >> 32)
                    if value.magnitude < kn[layer] {
                        buffer[i] = Float(Double(value) * wn[layer] * scale)
                    } else {
                        buffer[i] = Float(slowDraw(value: value, layer: layer, rng: &rng) * scale)
                    }
                }
            }
        }
    }

    /// A draw that fell outside its layer's rectangle: the wedge test, or the tail for layer 0;
    /// a rejected draw starts over with a new layer and value.
    private func slowDraw(value: Int32, layer: Int, rng: inout SeededGenerator) -> Double {
        var value = value
        var layer = layer
        while true {
            let x = Double(value) * wn[layer]
            if layer == 0 {
                var tail = 0.0
                var height = 0.0
                repeat {
                    tail = -log(rng.uniformOpenDouble()) / Self.r
                    height = -log(rng.uniformOpenDouble())
                } while height + height < tail * tail
                return value > 0 ? Self.r + tail : -Self.r - tail
            }
            if fn[layer] + rng.uniformDouble() * (fn[layer - 1] - fn[layer]) < exp(-0.5 * x * x) {
                return x
            }
            let bits = rng.next()
            layer = Int(bits & 127)
            value = Int32(truncatingIfNeeded: bits >> 32)
            if value.magnitude < kn[layer] { return Double(value) * wn[layer] }
        }
    }
}
