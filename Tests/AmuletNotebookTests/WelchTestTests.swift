import AmuletNotebook
import AmuletTestSupport
import Testing

/// Reference values from SciPy 1.17: `scipy.stats.ttest_ind(second, first, equal_var=False)`.
@Suite struct WelchTestTests {
    @Test func clearlySeparatedGroupsMatchSciPyAndAreSignificant() throws {
        let test = try #require(WelchTest([0.80, 0.82, 0.84], [0.70, 0.71, 0.72]))
        expectClose(test.statistic, -8.520563361656327, tolerance: 1e-9)
        expectClose(test.degreesOfFreedom, 2.9411764705882404, tolerance: 1e-9)
        expectClose(test.pValue, 0.0036599555836826126, tolerance: 1e-9)
        #expect(test.isSignificant())
    }

    @Test func overlappingGroupsAreNotSignificant() throws {
        let test = try #require(WelchTest([0.80, 0.82, 0.84], [0.81, 0.83, 0.79]))
        expectClose(test.statistic, -0.6123724356957895, tolerance: 1e-9)
        expectClose(test.degreesOfFreedom, 4.0, tolerance: 1e-9)
        expectClose(test.pValue, 0.5733922538253586, tolerance: 1e-9)
        #expect(!test.isSignificant())
    }

    @Test func unequalSizesUseWelchSatterthwaiteDegreesOfFreedom() throws {
        let test = try #require(WelchTest([0.61, 0.64, 0.60, 0.66], [0.55, 0.58, 0.52]))
        expectClose(test.statistic, -3.5025826337694053, tolerance: 1e-9)
        expectClose(test.degreesOfFreedom, 4.206550717278157, tolerance: 1e-9)
        expectClose(test.pValue, 0.022879675970395797, tolerance: 1e-9)
    }

    @Test func singleValuesCannotBeTested() {
        #expect(WelchTest([0.8], [0.7, 0.71]) == nil)
        #expect(WelchTest([0.8, 0.81], []) == nil)
    }

    @Test func constantSamplesAreSignificantOnlyWhenTheirMeansDiffer() throws {
        #expect(try #require(WelchTest([0.5, 0.5], [0.6, 0.6])).pValue == 0)
        #expect(try #require(WelchTest([0.5, 0.5], [0.5, 0.5])).pValue == 1)
    }
}
