import AmuletLearn
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Testing

/// O1 against the closed-form Hessian of softmax regression.
///
/// For logits z = Wx + b and the mean cross-entropy over N rows, the Hessian in (W, b) is
/// H = (1/N) Σᵢ (diag(pᵢ) − pᵢpᵢᵀ) ⊗ x̃ᵢx̃ᵢᵀ with x̃ = (x, 1), whatever the labels, so
/// tr(H) = (1/N) Σᵢ Σ_c p_ic(1 − p_ic)(‖xᵢ‖² + 1). The test forms every entry of H in Double
/// from W, b and x directly (the Dense layout: W row-major (classes × inputs), then b).
@Suite struct LossCurvatureTests {
    let inputs = 3
    let classes = 3

    /// A softmax regression with fixed, non-trivial weights, and 40 rows of a fixed pattern.
    func problem() -> (network: Network, x: [[Double]], labels: [Int]) {
        var rng = SeededGenerator(seed: 5)
        var network = Network(
            layers: [Dense(inputWidth: inputs, outputWidth: classes)], inputWidth: inputs,
            outputWidth: classes, rng: &rng)
        let weights: [Float] = [0.8, -0.4, 0.3, -0.2, 0.5, 0.9, 0.1, 0.2, -0.7, 0.05, -0.1, 0.2]
        network.parameters = weights
        let x = (0..<40).map { i -> [Double] in
            let t = Double(i)
            return [Math.sin(0.7 * t) * 1.5, Math.cos(1.3 * t), Double(i % 5) / 2 - 1]
        }
        let labels = (0..<40).map { $0 % 3 }
        return (network, x, labels)
    }

    /// p(x) of softmax regression from the weights, in Double.
    func probabilities(_ parameters: [Float], _ x: [Double]) -> [Double] {
        let z = (0..<classes).map { c in
            (0..<inputs).reduce(Double(parameters[classes * inputs + c])) {
                $0 + Double(parameters[c * inputs + $1]) * x[$1]
            }
        }
        let top = z.max() ?? 0
        let e = z.map { Math.exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    /// H as a dense (P × P) matrix in the Dense parameter order.
    func closedFormHessian(_ parameters: [Float], _ x: [[Double]]) -> [[Double]] {
        let p = classes * inputs + classes
        func index(_ c: Int, _ j: Int) -> Int {
            j == inputs ? classes * inputs + c : c * inputs + j
        }
        var h = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for row in x {
            let probability = probabilities(parameters, row)
            let extended = row + [1]
            for c in 0..<classes {
                for d in 0..<classes {
                    let a = (c == d ? probability[c] : 0) - probability[c] * probability[d]
                    for j in 0...inputs {
                        for k in 0...inputs {
                            h[index(c, j)][index(d, k)] +=
                                a * extended[j] * extended[k] / Double(x.count)
                        }
                    }
                }
            }
        }
        return h
    }

    func matrix(_ x: [[Double]]) -> Matrix {
        Matrix(x.map { $0.map(Float.init) })
    }

    @Test func hessianVectorProductMatchesTheClosedFormHessian() throws {
        let (network, x, labels) = problem()
        let h = closedFormHessian(network.parameters, x)
        let v: [Float] = [1, -1, 1, 1, -1, -1, 1, 1, -1, 1, -1, 1]
        let product = try LossCurvature.hessianVectorProduct(
            network: network, features: matrix(x), labels: labels, direction: v)
        for i in v.indices {
            let expected = v.indices.reduce(0.0) { $0 + h[i][$1] * Double(v[$1]) }
            expectClose(product[i], expected, tolerance: 2e-3)
        }
    }

    @Test func hutchinsonTraceMatchesTheClosedFormTraceWithinItsStandardError() throws {
        let (network, x, labels) = problem()
        let h = closedFormHessian(network.parameters, x)
        // The trace by its own formula, Σᵢ Σ_c p(1 − p)(‖x‖² + 1) / N, and by H's diagonal.
        let byFormula =
            x.reduce(0.0) { total, row in
                let p = probabilities(network.parameters, row)
                let norm = row.reduce(1) { $0 + $1 * $1 }
                return total + p.reduce(0) { $0 + $1 * (1 - $1) } * norm
            } / Double(x.count)
        let byDiagonal = h.indices.reduce(0.0) { $0 + h[$1][$1] }
        expectClose(byDiagonal, byFormula, tolerance: 1e-12)
        // Rademacher probes: Var(vᵀHv) = 2(‖H‖²_F − Σ H²ᵢᵢ).
        let frobenius = h.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }
        let diagonal = h.indices.reduce(0.0) { $0 + h[$1][$1] * h[$1][$1] }
        let probes = 400
        let standardError = (2 * (frobenius - diagonal) / Double(probes)).squareRoot()
        var rng = SeededGenerator(seed: 11)
        let estimate = try LossCurvature.estimate(
            network: network, features: matrix(x), labels: labels, probes: probes, rng: &rng)
        #expect(standardError > 0.001, "the test needs off-diagonal curvature: \(standardError)")
        expectClose(estimate.trace, byFormula, tolerance: 4 * standardError + 1e-3)
        // The estimator's own standard error estimates the same spread.
        let reported = try #require(estimate.standardError)
        #expect(reported > standardError / 2 && reported < standardError * 2)
    }

    @Test func powerIterationFindsTheLargestEigenvalue() throws {
        let (network, x, labels) = problem()
        let h = closedFormHessian(network.parameters, x)
        // The largest eigenvalue by 500 steps of power iteration on the closed-form H.
        var v = [Double](repeating: 1, count: h.count)
        var largest = 0.0
        for _ in 0..<500 {
            let hv = h.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
            largest = zip(v, hv).reduce(0) { $0 + $1.0 * $1.1 }
            let norm = hv.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = hv.map { $0 / norm }
        }
        var rng = SeededGenerator(seed: 3)
        let estimate = try LossCurvature.topEigenvalue(
            network: network, features: matrix(x), labels: labels, iterations: 200, rng: &rng)
        expectClose(estimate, largest, tolerance: 1e-3 * max(1, largest))
    }

    @Test func aCancelledTokenStopsTheEstimate() {
        let (network, x, labels) = problem()
        let token = CancellationToken()
        token.cancel()
        var rng = SeededGenerator(seed: 1)
        #expect(throws: CancellationError.self) {
            try LossCurvature.estimate(
                network: network, features: matrix(x), labels: labels, probes: 5, rng: &rng,
                cancellation: token)
        }
    }
}
