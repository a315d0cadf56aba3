import AmuletNotebook
import Testing

/// Reference values from SciPy 1.17 (`scipy.stats.t`, `scipy.special.betainc`).
@Suite struct StudentTDistributionTests {
    @Test func twoSidedPValueMatchesSciPyAtTwoWithTenDegreesOfFreedom() {
        expectClose(
            StudentTDistribution.twoSidedPValue(2.0, degreesOfFreedom: 10), 0.07338803477074037,
            tolerance: 1e-12)
    }

    @Test func criticalValueForTenDegreesOfFreedomGivesFivePercent() {
        expectClose(
            StudentTDistribution.twoSidedPValue(2.228, degreesOfFreedom: 10), 0.05001177181711132,
            tolerance: 1e-12)
        expectClose(
            StudentTDistribution.twoSidedPValue(-2.228, degreesOfFreedom: 10),
            0.05001177181711132, tolerance: 1e-12)
    }

    @Test(arguments: [
        (-1.5, 3.7, 0.10679908460100675),
        (0.5, 1.0, 0.6475836176504333),  // Cauchy: ½ + atan(½)/π
        (1.96, 1000.0, 0.9748634075221256),
        (3.0, 2.5, 0.9637119522254841),
        (0.0, 7.0, 0.5),
    ])
    func cdfMatchesSciPy(t: Double, degreesOfFreedom: Double, expected: Double) {
        expectClose(
            StudentTDistribution.cdf(t, degreesOfFreedom: degreesOfFreedom), expected,
            tolerance: 1e-12)
    }

    @Test(arguments: [
        (0.4, 2.0, 3.0, 0.5248),
        (0.9, 0.5, 0.5, 0.7951672353008665),
        (0.99, 5.0, 0.5, 0.7571581091015623),
    ])
    func regularizedIncompleteBetaMatchesSciPy(x: Double, a: Double, b: Double, expected: Double) {
        expectClose(
            StudentTDistribution.regularizedIncompleteBeta(x, a: a, b: b), expected,
            tolerance: 1e-12)
    }

    @Test func invalidDegreesOfFreedomGiveNaN() {
        #expect(StudentTDistribution.cdf(1, degreesOfFreedom: 0).isNaN)
        #expect(StudentTDistribution.twoSidedPValue(1, degreesOfFreedom: -2).isNaN)
    }
}
