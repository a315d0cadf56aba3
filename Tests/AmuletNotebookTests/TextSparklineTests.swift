import AmuletNotebook
import AmuletTensor
import Testing

/// The terminal's one-line charts.
@Suite struct TextSparklineTests {
    @Test func levelsAreRoundedEighthsAndMissingValuesAreSpaces() {
        #expect(TextSparkline.render([0, 0.5, 1, nil, 2, -1]) == "▁▅█ █▁")
        #expect(TextSparkline.render([0.25], lower: 0, upper: 0.5) == "▅")
    }

    @Test func rocLineSamplesTheCurveAtLogSpacedRates() {
        var curve = ROCCurve(scores: [1.0, 0.0], isPositive: [true, false])
        curve.falsePositiveRates = [0, 0.001, 0.01, 1]
        curve.truePositiveRates = [0, 0.05, 0.1, 1]
        curve.thresholds = [.infinity, 3, 2, 1]
        // FPR 10^−3…10^−2.25 reach TPR 0.05 (level 0), 10^−2…10^−0.25 reach 0.1 (level 1), 1 → 1.
        let line = TextSparkline.rocLine(CellCurve(label: "m", role: .baseline, curve: curve))
        #expect(line.hasPrefix("ROC baseline: ▁▁▁▁▂▂▂▂▂▂▂▂█ "))
        #expect(line.hasSuffix("AUC 0.545)"))
    }
}
