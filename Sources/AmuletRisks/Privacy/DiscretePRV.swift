import AmuletTensor

/// A privacy loss random variable discretised on an even grid: mass pmf[i] at
/// tᵢ = (i − zeroIndex)·step + shift.
///
/// The grid is symmetric about 0 before the shift; `shift` moves it so the discrete mean equals
/// the continuous one, which keeps the error of a k-fold sum from growing like k·step.
/// Reference: Gopi, Lee & Wutschitz, "Numerical Composition of Differential Privacy",
/// NeurIPS 2021, sections 4–5; as Opacus's `DiscretePRV` and `discretize`.
struct DiscretePRV: Sendable {
    /// Probability mass at each grid point.
    var pmf: [Double]
    /// The index whose unshifted position is 0.
    var zeroIndex: Int
    /// Grid spacing.
    var step: Double
    /// How far the grid has been moved to the right.
    var shift: Double

    /// Position of grid point i.
    func position(_ i: Int) -> Double { Double(i - zeroIndex) * step + shift }

    /// Discretises `prv` truncated to the grid's range: each point takes the mass of the cell
    /// [tᵢ − step/2, tᵢ + step/2), then the grid moves so the discrete mean is the true mean.
    static func discretize(
        _ prv: SubsampledGaussianPRV, domain: PRVDomain
    ) throws(PRVAccountantError) -> DiscretePRV {
        let low = domain.position(0)
        let high = domain.position(domain.size - 1)
        let base = prv.cdf(low)
        let mass = prv.cdf(high) - base
        var upper = [Double](repeating: 0, count: domain.size + 1)
        for i in 0...domain.size {
            let t = domain.position(i) - domain.step / 2
            upper[i] = t < low ? 0 : (t < high ? (prv.cdf(t) - base) / mass : 1)
        }
        var pmf = [Double](repeating: 0, count: domain.size)
        var discreteMean = 0.0
        for i in 0..<domain.size {
            pmf[i] = upper[i + 1] - upper[i]
            discreteMean += domain.position(i) * pmf[i]
        }
        let shift = prv.truncatedMean(low: low, high: high) - discreteMean
        guard abs(shift) < domain.step / 2 else {
            throw .meanMismatch(shift: shift, step: domain.step)
        }
        return DiscretePRV(pmf: pmf, zeroIndex: domain.zeroIndex, step: domain.step, shift: shift)
    }

    /// The distribution of the sum of `count` independent copies, on the same grid.
    ///
    /// The pmf is zero-padded to a power of two M ≥ size, raised to the `count`-th power in the
    /// Fourier domain (a circular convolution mod M) and read back on the original window:
    /// index j of the sum holds Σ indices = j + (count − 1)·zeroIndex. Padding beyond the
    /// size Opacus transforms at only reduces wrap-around; the mass that wraps at all lies
    /// outside the safe domain, which the error budget already bounds.
    func composed(count: Int) -> DiscretePRV {
        if count == 1 { return self }
        let length = RadixTwoFFT.length(atLeast: pmf.count)
        let fft = RadixTwoFFT(count: length)
        var real = pmf + [Double](repeating: 0, count: length - pmf.count)
        var imaginary = [Double](repeating: 0, count: length)
        fft.transform(real: &real, imaginary: &imaginary, inverse: false)
        for k in 0..<length {
            (real[k], imaginary[k]) = Self.power(real[k], imaginary[k], count)
        }
        fft.transform(real: &real, imaginary: &imaginary, inverse: true)
        let offset = ((count - 1) * zeroIndex) % length
        let result = (0..<pmf.count).map { real[($0 + offset) % length] }
        return DiscretePRV(
            pmf: result, zeroIndex: zeroIndex, step: step, shift: shift * Double(count))
    }

    /// (re + i·im)ⁿ by repeated squaring.
    static func power(_ re: Double, _ im: Double, _ n: Int) -> (Double, Double) {
        var result = (1.0, 0.0)
        var base = (re, im)
        var exponent = n
        while exponent > 0 {
            if exponent & 1 == 1 {
                result = (
                    result.0 * base.0 - result.1 * base.1, result.0 * base.1 + result.1 * base.0
                )
            }
            base = (base.0 * base.0 - base.1 * base.1, 2 * base.0 * base.1)
            exponent >>= 1
        }
        return result
    }

    /// ε at which the discrete δ(ε) = Σ_{t ≥ ε} p(t)(1 − e^{ε−t}) equals each target.
    ///
    /// With suffix sums D₁(i) = Σ_{k≥i} p_k and D₂(i) = Σ_{k≥i} p_k e^{−t_k}, δ at grid point i
    /// is D₁(i) − e^{tᵢ}D₂(i), which falls with i; the first i where it is at most the target
    /// (found by bisection, as numpy's `searchsorted`) gives ε = log((D₁(i) − δ)/D₂(i)).
    /// The result holds, for each target, the ε (or nil when even the grid's first point has
    /// δ below the target, where the loss bound is meaningless).
    func epsilons(forDeltas targets: [Double]) -> [Double?] {
        let n = pmf.count
        var d1 = [Double](repeating: 0, count: n)
        var d2 = [Double](repeating: 0, count: n)
        var negativeDelta = [Double](repeating: 0, count: n)
        var sum1 = 0.0
        var sum2 = 0.0
        for i in stride(from: n - 1, through: 0, by: -1) {
            let t = position(i)
            sum1 += pmf[i]
            sum2 += pmf[i] * Math.exp(-t)
            d1[i] = sum1
            d2[i] = sum2
            negativeDelta[i] = Math.exp(t) * sum2 - sum1
        }
        return targets.map { delta in
            var low = 0
            var high = n
            while low < high {
                let middle = low + (high - low) / 2
                if negativeDelta[middle] < -delta { low = middle + 1 } else { high = middle }
            }
            guard low > 0, low < n else { return nil }
            return Math.log((d1[low] - delta) / d2[low])
        }
    }
}

/// The grid a PRV is discretised on: `size` (even) points spaced `step`, point `zeroIndex` at 0.
struct PRVDomain: Sendable {
    /// Number of points.
    var size: Int
    /// Spacing.
    var step: Double
    /// The index of the point at 0.
    var zeroIndex: Int

    /// Position of point i (before any mean shift).
    func position(_ i: Int) -> Double { Double(i - zeroIndex) * step }

    /// The grid covering [−L, L] with the given spacing, aligned so 0 is a point: K = ⌈L/step⌉
    /// points each side and one more on the right to make the size even, as Opacus's
    /// `Domain.create_aligned`.
    static func aligned(halfWidth: Double, step: Double) -> PRVDomain {
        let k = Int((halfWidth / step).rounded(.up))
        return PRVDomain(size: 2 * k + 2, step: step, zeroIndex: k)
    }
}
