import AmuletTensor

/// An in-place iterative radix-2 Cooley–Tukey FFT of a complex signal held as two `[Double]`s.
///
/// X_k = Σ_j x_j e^{∓2πi jk/n} for n a power of two: a bit-reversal permutation, then log₂ n
/// stages of butterflies with twiddles read from one table of e^{−2πik/n} (each computed
/// directly with cos/sin, so rounding does not accumulate across stages). The PRV accountant
/// needs one transform pair of about 2¹⁷ points per ε, so a plain loop is ample; vDSP is not
/// available on Linux and a dependency would not pay for itself.
///
/// Reference: Cooley & Tukey, "An Algorithm for the Machine Calculation of Complex Fourier
/// Series", Mathematics of Computation 19 (1965).
struct RadixTwoFFT {
    /// The transform length, a power of two.
    let count: Int
    /// cos(2πk/n) for k < n/2.
    private let cosines: [Double]
    /// sin(2πk/n) for k < n/2.
    private let sines: [Double]

    /// A transform of length `count`, which must be a power of two (checked by the caller).
    init(count: Int) {
        precondition(count > 0 && count & (count - 1) == 0, "FFT length must be a power of two")
        self.count = count
        let half = count / 2
        cosines = (0..<half).map { Math.cos(2 * Double.pi * Double($0) / Double(count)) }
        sines = (0..<half).map { Math.sin(2 * Double.pi * Double($0) / Double(count)) }
    }

    /// The smallest power of two at least `n`.
    static func length(atLeast n: Int) -> Int {
        var length = 1
        while length < n { length <<= 1 }
        return length
    }

    /// Transforms (re, im) in place: forward uses e^{−2πi jk/n}; inverse uses e^{+2πi jk/n} and
    /// divides by n, so inverse(forward(x)) = x.
    func transform(real: inout [Double], imaginary: inout [Double], inverse: Bool) {
        let n = count
        precondition(real.count == n && imaginary.count == n)
        var j = 0
        for i in 1..<max(n, 1) {
            var bit = n >> 1
            while j & bit != 0 {
                j ^= bit
                bit >>= 1
            }
            j |= bit
            if i < j {
                real.swapAt(i, j)
                imaginary.swapAt(i, j)
            }
        }
        let sign = inverse ? 1.0 : -1.0
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                var size = 2
                while size <= n {
                    let halfSize = size / 2
                    let stride = n / size
                    var start = 0
                    while start < n {
                        for k in 0..<halfSize {
                            let wr = cosines[k * stride]
                            let wi = sign * sines[k * stride]
                            let a = start + k
                            let b = a + halfSize
                            let tr = re[b] * wr - im[b] * wi
                            let ti = re[b] * wi + im[b] * wr
                            re[b] = re[a] - tr
                            im[b] = im[a] - ti
                            re[a] += tr
                            im[a] += ti
                        }
                        start += size
                    }
                    size *= 2
                }
                if inverse {
                    let scale = 1 / Double(n)
                    for i in 0..<n {
                        re[i] *= scale
                        im[i] *= scale
                    }
                }
            }
        }
    }
}
