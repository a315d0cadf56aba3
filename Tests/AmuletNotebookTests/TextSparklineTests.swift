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
        // TPR by log10 on −3…0: FPR 10^−3…10^−2.25 reach TPR 0.05, level round(7·1.699/3) = 4;
        // 10^−2…10^−0.25 reach 0.1, level round(7·2/3) = 5; FPR 1 reaches 1, level 7.
        let line = TextSparkline.rocLine(CellCurve(label: "m", role: .baseline, curve: curve))
        #expect(line.hasPrefix("ROC baseline: ▅▅▅▅▆▆▆▆▆▆▆▆█ "))
        #expect(line.hasSuffix("AUC 0.545)"))
    }
}
