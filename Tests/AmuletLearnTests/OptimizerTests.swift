import AmuletLearn
import AmuletTestSupport
import Foundation
import Testing

@Suite struct OptimizerTests {
    /// f(θ) = ½ Σ aᵢ(θᵢ − cᵢ)², whose gradient is aᵢ(θᵢ − cᵢ).
    let curvature: [Float] = [1, 4, 0.5, 2]
    let center: [Float] = [3, -1, 2, 0.5]

    func gradient(_ theta: [Float]) -> [Float] {
        theta.indices.map { curvature[$0] * (theta[$0] - center[$0]) }
    }

    func minimize(_ spec: OptimizerSpec, steps: Int) -> [Float] {
        var optimizer = spec.make(parameterCount: 4)
        var theta: [Float] = [0, 0, 0, 0]
        for _ in 0..<steps { optimizer.step(parameters: &theta, gradients: gradient(theta)) }
        return theta
    }

    @Test func sgdWithMomentumConvergesToTheQuadraticMinimum() {
        let theta = minimize(.sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0), steps: 500)
        for i in 0..<4 { #expect(abs(theta[i] - center[i]) < 1e-3) }
    }

    @Test func sgdWeightDecayMovesTheMinimumToTheRidgeSolution() {
        // With L2 decay λ the minimum is aᵢcᵢ/(aᵢ + λ).
        let lambda: Float = 0.5
        let theta = minimize(
            .sgd(learningRate: 0.05, momentum: 0.5, weightDecay: Double(lambda)), steps: 2000)
        for i in 0..<4 {
            let ridge = curvature[i] * center[i] / (curvature[i] + lambda)
            #expect(abs(theta[i] - ridge) < 1e-3)
        }
    }

    @Test func adamConvergesToTheQuadraticMinimum() {
        let theta = minimize(.adam(learningRate: 0.05, weightDecay: 0), steps: 3000)
        for i in 0..<4 { #expect(abs(theta[i] - center[i]) < 1e-2) }
    }

    @Test func adamFirstStepMovesEachParameterByTheLearningRate() {
        // Bias correction makes Adam's first step exactly −η·sign(g) (up to ε).
        var optimizer = OptimizerSpec.adam(learningRate: 0.01, weightDecay: 0).make(
            parameterCount: 3)
        var theta: [Float] = [0, 0, 0]
        optimizer.step(parameters: &theta, gradients: [5, -0.001, 300])
        #expect(
            abs(theta[0] + 0.01) < 1e-5 && abs(theta[1] - 0.01) < 1e-4
                && abs(theta[2] + 0.01) < 1e-5)
    }

    @Test func adamVectorLanesAndScalarTailAgreeWithADoubleReference() {
        // 13 parameters: one 8-wide chunk and a scalar tail of 5; parameter i and i + 8 see the
        // same values, so the vector and scalar paths must agree bit for bit.
        let count = 13
        let start: [Float] = (0..<count).map { Float($0 % 8) * 0.3 - 1 }
        let (lr, decay, b1, b2, eps) = (0.01, 0.1, 0.9, 0.999, 1e-8)
        var optimizer = OptimizerSpec.adam(learningRate: lr, weightDecay: decay).make(
            parameterCount: count)
        var theta = start
        var reference = start.map(Double.init)
        var m = [Double](repeating: 0, count: count)
        var v = [Double](repeating: 0, count: count)
        for step in 1...5 {
            let g = theta.indices.map { Float(($0 % 8) + 1) * 0.5 - theta[$0] }
            optimizer.step(parameters: &theta, gradients: g)
            for i in 0..<count {
                let grad = Double(g[i]) + decay * reference[i]
                m[i] = b1 * m[i] + (1 - b1) * grad
                v[i] = b2 * v[i] + (1 - b2) * grad * grad
                let mHat = m[i] / (1 - pow(b1, Double(step)))
                let vHat = v[i] / (1 - pow(b2, Double(step)))
                reference[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
        for i in 0..<count { #expect(abs(Double(theta[i]) - reference[i]) < 1e-5) }
        for i in 0..<5 { #expect(theta[i].bitPattern == theta[i + 8].bitPattern) }
    }
}
