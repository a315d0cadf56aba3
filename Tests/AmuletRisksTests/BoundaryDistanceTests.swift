import AmuletLearn
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Testing

/// O3 against the geometry of linear models, computed here from the weights.
///
/// A linear classifier's region of class k₀ is the polytope {x : f_{k₀}(x) ≥ f_k(x) ∀k}, so
/// the distance of an inside point to its boundary is the smallest distance to the facets'
/// hyperplanes, min_k |f_k(x) − f_{k₀}(x)| / ‖W_k − W_{k₀}‖; with two classes, |w·x + b|/‖w‖
/// for w = W₁ − W₀ and b = b₁ − b₀.
@Suite struct BoundaryDistanceTests {
    func linear(_ weights: [Float], inputs: Int, classes: Int) -> Network {
        var rng = SeededGenerator(seed: 2)
        var network = Network(
            layers: [Dense(inputWidth: inputs, outputWidth: classes)], inputWidth: inputs,
            outputWidth: classes, rng: &rng)
        network.parameters = weights
        return network
    }

    func rows(_ count: Int, width: Int) -> [[Double]] {
        (0..<count).map { i in
            (0..<width).map { j in Math.sin(Double(i * (j + 2)) * 0.37 + Double(j)) * 2 }
        }
    }

    @Test func binaryLinearDistanceIsTheMarginOverTheWeightNorm() throws {
        // W = [[0.5, −1, 0.25], [−0.3, 0.7, 1.1]], b = [0.2, −0.4].
        let weights: [Float] = [0.5, -1, 0.25, -0.3, 0.7, 1.1, 0.2, -0.4]
        let network = linear(weights, inputs: 3, classes: 2)
        let w = [-0.3 - 0.5, 0.7 - (-1), 1.1 - 0.25]
        let b = -0.4 - 0.2
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let x = rows(30, width: 3)
        let result = try BoundaryDistance.measure(
            network: network, features: Matrix(x.map { $0.map(Float.init) }))
        #expect(result.uncrossed == 0)
        for (row, distance) in zip(x, result.distances) {
            let expected = abs(zip(w, row).reduce(b) { $0 + $1.0 * $1.1 }) / norm
            expectClose(try #require(distance), expected, tolerance: 1e-4 * max(1, expected))
        }
        let mean =
            x.reduce(0.0) { $0 + abs(zip(w, $1).reduce(b) { $0 + $1.0 * $1.1 }) / norm }
            / Double(x.count)
        expectClose(try #require(result.mean), mean, tolerance: 1e-4 * max(1, mean))
    }

    @Test func multiClassLinearDistanceIsTheNearestFacet() throws {
        let inputs = 2
        let weights: [Float] = [1, 0, -0.5, 0.8, -0.4, -0.9, 0.1, 0.3, -0.2]
        let network = linear(weights, inputs: inputs, classes: 3)
        func logits(_ x: [Double]) -> [Double] {
            (0..<3).map { c in
                Double(weights[6 + c]) + Double(weights[c * 2]) * x[0]
                    + Double(weights[c * 2 + 1]) * x[1]
            }
        }
        let x = rows(40, width: inputs)
        let result = try BoundaryDistance.measure(
            network: network, features: Matrix(x.map { $0.map(Float.init) }))
        for (row, distance) in zip(x, result.distances) {
            let z = logits(row)
            guard let k0 = z.indices.max(by: { z[$0] < z[$1] }) else { continue }
            let expected =
                (0..<3).filter { $0 != k0 }.map { k -> Double in
                    let dw0 = Double(weights[k * 2] - weights[k0 * 2])
                    let dw1 = Double(weights[k * 2 + 1] - weights[k0 * 2 + 1])
                    return abs(z[k] - z[k0]) / (dw0 * dw0 + dw1 * dw1).squareRoot()
                }.min() ?? 0
            expectClose(try #require(distance), expected, tolerance: 1e-4 * max(1, expected))
        }
    }

    @Test func aCancelledTokenStopsTheSearch() {
        let network = linear([1, -1, 0, 0], inputs: 1, classes: 2)
        let token = CancellationToken()
        token.cancel()
        #expect(throws: CancellationError.self) {
            try BoundaryDistance.measure(
                network: network, features: Matrix([[0.5], [1]]), cancellation: token)
        }
    }
}
