import AmuletRisks
import AmuletTensor
import Foundation

/// The SoK's defense × risk matrix, measured: for each defense and risk, the change of the
/// risk's headline metric from the baseline model to the defended one, with its 95% CI, the
/// SoK's expected arrow, and a verdict.
///
/// A defended model's rows are paired with the baseline rows of the same dataset, seed and
/// repetition, so under `repeat N` the test is a paired t-test on N differences (the baseline
/// and the defended model of one repetition share their data split). The risk's direction
/// comes from its metric: a rise in attack AUC is a rise in risk, a fall in adversarial
/// accuracy is too. Verdicts: `confirms` when the CI excludes zero on the SoK's side,
/// `contradicts` when on the other, `inconclusive` when it spans zero (or one run only),
/// `new` when the SoK marks the pair unexplored and the CI excludes zero.
/// Reference: Duddu, Szyller & Asokan, IEEE S&P 2024, Table 3.
public enum InteractionMatrix {
    /// One measured cell.
    public struct Cell: Sendable, Equatable {
        /// The defenses of the defended model, joined with `+`.
        public var defense: String
        /// The risk.
        public var risk: Risk
        /// The headline metric's shown name.
        public var metric: String
        /// Mean of defended − baseline.
        public var delta: Double
        /// Half-width of its 95% CI; nil with one pair.
        public var halfWidth: Double?
        /// Two-sided p-value of the paired t-test; nil with one pair.
        public var pValue: Double?
        /// Pairs measured.
        public var pairs: Int
        /// Whether the measured change is a rise in risk (nil when it rounds to no change).
        public var riskRises: Bool?
        /// The SoK's expectation, if the defense declares one for this risk.
        public var expected: RiskInteraction?
        /// The verdict.
        public var verdict: String
    }

    /// The cells measured in `rows`, defenses in first-seen order, risks in the SoK's order.
    public static func cells(_ rows: [LedgerRow], catalog: Catalog) -> [Cell] {
        let headline = rows.filter { $0.metric.scope == .headline && $0.value != nil }
        let baseline = headline.filter { $0.role == .baseline }
        let defended = headline.filter { $0.role == .defended && !$0.defenses.isEmpty }
        var defenseOrder: [String] = []
        for row in defended {
            let name = row.defenses.joined(separator: "+")
            if !defenseOrder.contains(name) { defenseOrder.append(name) }
        }
        var cells: [Cell] = []
        for name in defenseOrder {
            let mine = defended.filter { $0.defenses.joined(separator: "+") == name }
            let single = mine.first.map { $0.defenses.count == 1 } ?? false
            let interactions =
                single ? catalog.spec(.defense, name)?.interactions ?? [] : []
            for risk in RiskInteraction.sokRisks + [.utility] {
                // The risk's first headline metric measured for this defense.
                guard let metric = mine.first(where: { $0.metric.risk == risk })?.metricName
                else { continue }
                var differences: [Double] = []
                var direction = MetricDirection.neutral
                for row in mine where row.metricName == metric {
                    direction = row.metric.direction
                    let partner = baseline.last {
                        $0.metricName == metric && $0.datasetKey == row.datasetKey
                            && $0.seed == row.seed && $0.repetition == row.repetition
                    }
                    if let partner, let a = row.value, let b = partner.value {
                        differences.append(a - b)
                    }
                }
                guard !differences.isEmpty, direction != .neutral else { continue }
                let expected = interactions.first { $0.risk == risk }
                cells.append(
                    cell(
                        defense: name, risk: risk, metric: metric, differences: differences,
                        direction: direction, expected: expected))
            }
        }
        return cells
    }

    /// One cell from its paired differences.
    static func cell(
        defense: String, risk: Risk, metric: String, differences: [Double],
        direction: MetricDirection, expected: RiskInteraction?
    ) -> Cell {
        let n = differences.count
        let mean = Statistics.mean(differences)
        var halfWidth: Double?
        var pValue: Double?
        if n >= 2 {
            let sd = Statistics.standardDeviation(differences, ddof: 1)
            halfWidth = Statistics.confidenceHalfWidth95(differences)
            let standardError = sd / Double(n).squareRoot()
            pValue =
                standardError > 0
                ? StudentTDistribution.twoSidedPValue(
                    mean / standardError, degreesOfFreedom: Double(n - 1))
                : (mean == 0 ? 1 : 0)
        }
        // Utility is not a risk: a fall in accuracy is a cost, shown with no arrow.
        let risesWhenUp = direction == .lowerIsBetter
        let riskRises: Bool? = mean == 0 ? nil : (mean > 0) == risesWhenUp
        let excludesZero = halfWidth.map { abs(mean) > $0 } ?? false
        let verdict: String
        if risk == .utility {
            verdict = excludesZero ? "cost" : "no clear cost"
        } else if !excludesZero {
            verdict = "inconclusive"
        } else if let expected, expected.change != .unexplored, let riskRises {
            verdict = (expected.change == .rises) == riskRises ? "confirms" : "contradicts"
        } else {
            verdict = "new"
        }
        return Cell(
            defense: defense, risk: risk, metric: metric, delta: mean, halfWidth: halfWidth,
            pValue: pValue, pairs: n, riskRises: riskRises, expected: expected, verdict: verdict)
    }

    /// The matrix as a long table: one row per defense and risk.
    public static func table(_ rows: [LedgerRow], catalog: Catalog) -> Table {
        let cells = cells(rows, catalog: catalog)
        var body: [[TableCell]] = []
        var previous: String?
        for cell in cells {
            let significant = cell.pValue.map { $0 < 0.05 }
            let change = TableCell.delta(cell.delta, digits: 3, significant: significant)
            let delta: TableCell =
                cell.halfWidth.map {
                    .suffixed(change, " ± " + String(format: "%.3f", $0))
                } ?? change
            let measured = cell.riskRises.map { $0 ? "↑" : "↓" } ?? "="
            let sok =
                cell.expected.map { $0.change.rawValue + ($0.isTarget ? "†" : "") } ?? ""
            body.append([
                .text(cell.defense == previous ? "" : cell.defense), .text(cell.risk.rawValue),
                .text(cell.metric), delta,
                cell.pValue.map { .number($0, digits: 3) } ?? .empty,
                .text(cell.risk == .utility ? "" : measured), .text(sok), .text(cell.verdict),
            ])
            previous = cell.defense
        }
        let pairs = Set(cells.map(\.pairs))
        var notes = [
            "Δ: defended − baseline of the risk's headline metric"
                + (pairs.contains { $0 > 1 } ? ", mean ± 95% CI over paired repetitions" : "")
                + "; p: paired t-test (* below 0.05).",
            "seen/SoK: measured and expected change; ↑ the risk rises, ↓ it falls, ? unexplored, † the defense's target "
                + "(Duddu, Szyller & Asokan, IEEE S&P 2024).",
        ]
        if pairs.contains(1) {
            notes.append("one run gives no interval: use 'repeat N' for verdicts.")
        }
        return Table(
            title: "defense × risk",
            columns: ["defense", "risk", "metric", "Δ", "p", "seen", "SoK", "verdict"],
            rows: body, notes: cells.isEmpty ? [] : notes)
    }
}
