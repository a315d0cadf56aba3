import AmuletTensor
import AmuletTestSupport
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

    // scipy.stats.t.ppf(0.975, df), SciPy 1.17.1.
    @Test(arguments: [
        (1.0, 12.706204736174694),
        (2.0, 4.302652729749462),
        (3.0, 3.1824463052837078),
        (4.0, 2.7764451051977934),
        (5.0, 2.5705818356363146),
        (10.0, 2.228138851986274),
        (30.0, 2.0422724563012378),
        (100.0, 1.9839715185235518),
        (1000.0, 1.9623390808264083),
    ])
    func upperQuantileMatchesSciPyToOneInABillion(degreesOfFreedom: Double, expected: Double) {
        let actual = StudentTDistribution.quantile(0.975, degreesOfFreedom: degreesOfFreedom)
        expectClose(actual / expected, 1, tolerance: 1e-9)
    }

    // scipy.stats.t.ppf(p, df) for lower, extreme and non-integer cases.
    @Test(arguments: [
        (0.025, 7.5, -2.3330396268649745),
        (0.999999, 3.0, 103.29946777942898),
        (0.6, 2.5, 0.2814595127485477),
    ])
    func quantileMatchesSciPyInTailsAndForFractionalDegrees(
        p: Double, degreesOfFreedom: Double, expected: Double
    ) {
        let actual = StudentTDistribution.quantile(p, degreesOfFreedom: degreesOfFreedom)
        expectClose(actual / expected, 1, tolerance: 1e-9)
    }

    @Test func quantileOutsideTheUnitIntervalOrWithoutDegreesIsNaN() {
        #expect(StudentTDistribution.quantile(1.5, degreesOfFreedom: 3).isNaN)
        #expect(StudentTDistribution.quantile(0.9, degreesOfFreedom: 0).isNaN)
        #expect(StudentTDistribution.quantile(1, degreesOfFreedom: 3) == .infinity)
    }
}
