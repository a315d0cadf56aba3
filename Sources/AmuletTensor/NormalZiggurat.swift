import Glibc

/// Standard normal draws by the ziggurat method: 256 layers of equal area under the density,
/// so a draw usually costs 32 random bits, a table look-up, a multiply and a compare.
///
/// About 99.3% of draws land inside a layer's rectangle and return at once; the rest test the
/// wedge against the density, or (layer 0) draw from the tail beyond r with Marsaglia's
/// exponential method. The draws are exactly normal, not an approximation. Each 64-bit word
/// of the generator gives two draws; in each 32-bit half the low 8 bits pick the layer and
/// the high 24 are the signed value, disjoint bits as Doornik recommends (the original
/// reused the value's bits for the layer). 24 bits put a draw on a grid of its layer's
/// width over 2²³, about two Float spacings at the layer's edge (the draws are returned as
/// Float). Tables are computed in Double from r and the layer area v.
///
/// References: Marsaglia & Tsang, "The Ziggurat Method for Generating Random Variables",
/// Journal of Statistical Software 5(8), 2000; Doornik, "An Improved Ziggurat Method to
/// Generate Normal Random Samples", 2005.
struct NormalZiggurat: Sendable {
    /// The number of layers.
    static let layers = 256
    /// The right edge of the base layer.
    static let r = 3.6541528853610088
    /// The area of every layer (rectangle plus wedge, or base plus tail).
    static let layerArea = 4.92867323399e-3
    /// 2²³: a signed 24-bit value is in [−2²³, 2²³).
    private static let valueRange = 8_388_608.0

    /// The process's tables (immutable, computed once).
    static let tables = NormalZiggurat()

    /// kn[i]: a signed 24-bit value below it in magnitude lies inside layer i's rectangle.
    let kn: [UInt32]
    /// wn[i]: the scale from a signed 24-bit value to x in layer i.
    let wn: [Double]
    /// fn[i]: the density exp(−x²/2) at the layer's edge.
    let fn: [Double]

    private init() {
        let (count, m1) = (Self.layers, Self.valueRange)
        var kn = [UInt32](repeating: 0, count: count)
        var wn = [Double](repeating: 0, count: count)
        var fn = [Double](repeating: 0, count: count)
        var dn = Self.r
        var tn = dn
        let q = Self.layerArea / exp(-0.5 * dn * dn)
        kn[0] = UInt32((dn / q) * m1)
        kn[1] = 0
        wn[0] = q / m1
        wn[count - 1] = dn / m1
        fn[0] = 1
        fn[count - 1] = exp(-0.5 * dn * dn)
        for i in stride(from: count - 2, through: 1, by: -1) {
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

    /// Fills `buffer` with normal draws of standard deviation `std`, all determined by `seed`.
    ///
    /// Bits come in chunks of 64-bit words from stream (seed, 0), in a loop that does nothing
    /// else, so the generator's state stays in registers; a second loop turns each word into
    /// two normals with no dependency from one draw to the next. The rare draw outside its
    /// rectangle continues from stream (seed, 1).
    func fill(_ buffer: UnsafeMutableBufferPointer<Float>, std: Float, seed: UInt64) {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return }
        let total = buffer.count
        var bitsSource = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 0))
        var slow = SeededGenerator(seed: SeededGenerator.deriveSeed(seed, 1))
        let wordsPerChunk = 256
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: wordsPerChunk) { scratch in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.layers) { scaled in
                guard let words = scratch.baseAddress, let scaledWidth = scaled.baseAddress
                else { return }
                // wn·std per layer once per call: the fast path is then one Float multiply.
                for i in 0..<Self.layers { scaledWidth[i] = Float(wn[i] * Double(std)) }
                kn.withUnsafeBufferPointer { kn in
                    var start = 0
                    while start < total {
                        let draws = min(2 &* wordsPerChunk, total &- start)
                        let wordCount = (draws &+ 1) / 2
                        for w in 0..<wordCount { words[w] = bitsSource.next() }
                        for d in 0..<draws {
                            let word = words[d &>> 1]
                            let half = UInt32(truncatingIfNeeded: word &>> (UInt64(d & 1) &* 32))
                            let layer = Int(half & 255)
                            let value = Int32(bitPattern: half) &>> 8
                            if value.magnitude < kn[layer] {
                                out[start &+ d] = Float(value) * scaledWidth[layer]
                            } else {
                                out[start &+ d] = Float(
                                    slowDraw(value: value, layer: layer, rng: &slow) * Double(std))
                            }
                        }
                        start &+= draws
                    }
                }
            }
        }
    }

    /// A draw that fell outside its layer's rectangle: the wedge test, or the tail for layer 0;
    /// a rejected draw starts over with a new layer and value.
    @inline(never)
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
            let half = UInt32(truncatingIfNeeded: rng.next())
            layer = Int(half & 255)
            value = Int32(bitPattern: half) &>> 8
            if value.magnitude < kn[layer] { return Double(value) * wn[layer] }
        }
    }
}
