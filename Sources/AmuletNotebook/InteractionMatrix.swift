import AmuletRisks
import AmuletTensor
import Foundation

/// The SoK's defense × risk matrix, measured: for each defended recipe and risk, the change
/// of the risk's headline metric from the baseline model to the defended one, with its 95% CI,
/// the SoK's expected arrow, and a verdict that needs both evidence and size.
///
/// Only repetitions of one recipe pool: a `tune` sweep's settings are separate rows, one per
/// defended recipe, and so are the settings an attack names in its headline's subject (the
/// text backdoor's portion, `MatrixUse.cellPerSubject`): one row per portion. Once images or
/// text are measured, each row says what the data's rows are (tabular, image or text). A
/// defended row is paired with the baseline row of the same dataset, seed and repetition,
/// trained with the defended model's settings (the recipe recorded beside it: DP-SGD's
/// baseline trains at DP-SGD's lr), so under `repeat N` the test
/// is a paired t-test on N differences; without partners Welch's test compares the samples
/// (`MeanDifferenceTest`). The p-values of the matrix's cells are adjusted with Holm's
/// procedure (family-wise α = 0.05), and so are their equivalence (TOST) p-values. Each
/// metric declares its smallest effect of interest (`MetricID.smallestEffect`); the
/// `EffectFinding` then reads:
/// - `confirms` / `contradicts`: an effect (adjusted p < 0.05 and |Δ| ≥ the threshold) on the
///   SoK's side or the other; `new` where the SoK marks the pair unexplored;
/// - `no interaction`: the change is equivalent to none within ± the threshold;
/// - `inconclusive`: neither, with the repetitions a paired test would need for 80% power
///   against the threshold at the observed spread;
/// - `not measurable`: a number rests on a degenerate model (the target or a model an attack
///   trained, such as distribution inference's populations).
///
/// Reference: Duddu, Szyller & Asokan, IEEE S&P 2024, Table 3; Holm, Scand. J. Statist. 6
/// (1979); Schuirmann (1987) for TOST.
public enum InteractionMatrix {
    /// A cell's verdict.
    public enum Verdict: String, Sendable, Equatable {
        /// An effect on the side the SoK expects.
        case confirms
        /// An effect on the other side.
        case contradicts
        /// An effect where the SoK has no arrow.
        case new
        /// Equivalent to no change within the smallest effect of interest.
        case noInteraction = "no interaction"
        /// Neither an effect nor shown equivalent.
        case inconclusive
        /// Built on a degenerate model.
        case notMeasurable = "not measurable"
        /// Utility fell by at least the threshold.
        case cost
        /// Utility rose by at least the threshold.
        case gain
        /// Utility is equivalent to unchanged.
        case noCost = "no cost"
    }

    /// One measured cell.
    public struct Cell: Sendable, Equatable {
        /// The defended recipe's label: its defenses joined with `+`, with their settings
        /// when several settings of the same defenses were measured.
        public var defense: String
        /// The risk.
        public var risk: Risk
        /// The headline metric's shown name.
        public var metric: String
        /// Mean of defended − baseline.
        public var delta: Double
        /// Half-width of its 95% CI; nil with one run.
        public var halfWidth: Double?
        /// Two-sided p-value, before Holm's adjustment; nil with one run.
        public var pValue: Double?
        /// Holm-adjusted p-value across the matrix's cells; nil with one run.
        public var adjustedPValue: Double?
        /// The test used; nil with one run.
        public var test: MeanDifferenceTest.Kind?
        /// Pairs (paired) or defended runs (Welch).
        public var pairs: Int
        /// The metric's smallest effect of interest.
        public var threshold: Double
        /// Whether the measured change is a rise in risk (nil when there is no change).
        public var riskRises: Bool?
        /// The SoK's expectation, if the defense declares one for this risk.
        public var expected: RiskInteraction?
        /// The change the SoK's factors conjecture (§4.4 from Table 2), for a single defense
        /// that declares its factors and a risk that has some.
        public var conjecture: FactorConjecture?
        /// The verdict.
        public var verdict: Verdict
        /// For an inconclusive cell, the repetitions that would give 80% power against the
        /// threshold at the observed spread (nil when not estimable).
        public var repetitionsNeeded: Int?
        /// Whether any row of the cell rests on a degenerate model.
        public var flagged: Bool
        /// What the dataset's rows are: `tabular`, `image` or `text` (empty when unrecorded).
        public var modality: String = ""
        /// The setting the headline's subject names when its risk gives each subject a cell
        /// of its own (`MatrixUse.cellPerSubject`: the text backdoor's `p=1%`); nil for a
        /// cell that is its risk's only one in its row.
        public var subject: String? = nil

        /// The subject as a row label says it, the metric's family first: `backdoor p=1%`.
        public var subjectLabel: String? {
            guard let subject else { return nil }
            let family = metric.prefix { $0 != "." }
            return family.isEmpty || family == metric[...] ? subject : "\(family) \(subject)"
        }
    }

    /// What one cell's rows give before the matrix-wide adjustment.
    private struct Measured {
        var cell: Cell
        var test: MeanDifferenceTest?
    }

    /// The cells measured in `rows`, defended recipes in first-seen order, risks in the SoK's
    /// order, then utility.
    public static func cells(_ rows: [LedgerRow], catalog: Catalog) -> [Cell] {
        let headline = rows.filter { $0.metric.scope == .headline && $0.value != nil }
        let baseline = headline.filter { $0.role == .baseline }
        let defended = headline.filter { $0.role == .defended && !$0.defenses.isEmpty }
        var groups: [(key: String, rows: [LedgerRow])] = []
        // One experiment per group, as `compare` has one column per experiment: the
        // repetitions of one recipe pool, a single run beside them (another seed) does not.
        for row in defended {
            let key = row.experimentKey
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].rows.append(row)
            } else {
                groups.append((key, [row]))
            }
        }
        let labels = self.labels(groups.map { $0.rows[0] })
        var measured: [Measured] = []
        for (group, label) in zip(groups, labels) {
            let mine = group.rows
            let names = mine[0].defenses
            let spec = names.count == 1 ? catalog.spec(.defense, names[0]) : nil
            let interactions = spec?.interactions ?? []
            for risk in RiskInteraction.sokRisks + [.utility] {
                // The headline the Catalog declares for the risk, else (a dataset where the
                // plug-in reports another, such as multi-class fairness) the first measured.
                let use = catalog.matrixUse(for: risk)
                let declared = use?.headline
                guard
                    let first = mine.first(where: { $0.metric == declared })
                        ?? mine.first(where: { $0.metric.risk == risk }),
                    first.metric.direction != .neutral
                else { continue }
                // One cell per setting the subject names (each portion of a sweep), else the
                // first measured.
                let perSubject = use?.cellPerSubject == true && first.metric == declared
                var names = [first.metricName]
                if perSubject {
                    for row in mine where row.metric == first.metric {
                        if !names.contains(row.metricName) { names.append(row.metricName) }
                    }
                }
                for name in names {
                    var result = measure(
                        label: label, risk: risk, metric: first.metric, metricName: name,
                        rows: mine.filter { $0.metricName == name },
                        baseline: baseline.filter {
                            $0.metricName == name && $0.datasetKey == first.datasetKey
                        },
                        expected: interactions.first { $0.risk == risk },
                        conjecture: spec?.factors.flatMap { defense in
                            risk.factorProfile.map { FactorConjecture(defense: defense, risk: $0) }
                        })
                    result.cell.modality = first.modality
                    if perSubject {
                        result.cell.subject = mine.first { $0.metricName == name }?.subject
                    }
                    measured.append(result)
                }
            }
        }
        let adjusted = HolmCorrection.adjusted(measured.map { $0.test?.pValue ?? .nan })
        let equivalence = HolmCorrection.adjusted(
            measured.map { $0.test?.equivalencePValue(margin: $0.cell.threshold) ?? .nan })
        return measured.indices.map { i in
            var cell = measured[i].cell
            let test = measured[i].test
            cell.adjustedPValue = test == nil ? nil : adjusted[i]
            let finding = EffectFinding(
                test: test, threshold: cell.threshold, pValue: test == nil ? nil : adjusted[i],
                equivalencePValue: test == nil ? nil : equivalence[i], flagged: cell.flagged)
            cell.verdict = verdict(finding, cell: cell)
            if cell.verdict == .inconclusive, let test {
                cell.repetitionsNeeded = test.repetitionsNeeded(effect: cell.threshold)
            }
            return cell
        }
    }

    /// The labels of the defended recipes: the defense names, with settings where one set of
    /// names was measured under several settings, and the dataset when there are several; the
    /// model (and a single run's seed) where that still leaves two alike.
    private static func labels(_ firsts: [LedgerRow]) -> [String] {
        let datasets = Set(firsts.map(\.datasetKey))
        let base = firsts.map { row in
            let names = row.defenses.joined(separator: "+")
            let siblings = firsts.filter {
                $0.datasetKey == row.datasetKey && $0.defenses == row.defenses
            }
            var label = names
            if siblings.count > 1 {
                // The scenario label is `model + defense(settings) + …`: keep the defenses.
                let parts = row.scenario.components(separatedBy: " + ")
                label = parts.count > 1 ? parts.dropFirst().joined(separator: " + ") : row.recipe
            }
            return datasets.count > 1 ? "\(row.dataset): \(label)" : label
        }
        // Groups the settings do not tell apart (the same defense on two models, or a single
        // run beside repetitions) are named by their model, then by their seed.
        return zip(firsts, base).map { row, label in
            let same = zip(firsts, base).filter { $0.1 == label }.map(\.0)
            guard same.count > 1 else { return label }
            var full = datasets.count > 1 ? "\(row.dataset): \(row.scenario)" : row.scenario
            let models = same.filter { $0.scenario == row.scenario }
            if models.count > 1, row.repetition == nil { full += " seed=\(row.seed)" }
            return full
        }
    }

    /// One cell from its defended rows and the baseline rows of its dataset and metric.
    private static func measure(
        label: String, risk: Risk, metric: MetricID, metricName: String, rows: [LedgerRow],
        baseline: [LedgerRow], expected: RiskInteraction?, conjecture: FactorConjecture?
    ) -> Measured {
        var differences: [Double] = []
        var partners: [LedgerRow] = []
        for row in rows {
            let candidates = baseline.filter { partner in
                partner.seed == row.seed && partner.repetition == row.repetition
                    && (row.baselineRecipe.map { partner.recipe == $0 } ?? true)
            }
            let partner = candidates.last { $0.cell == row.cell } ?? candidates.last
            if let partner, let a = row.value, let b = partner.value {
                differences.append(a - b)
                partners.append(partner)
            }
        }
        let values = rows.compactMap(\.value)
        let test: MeanDifferenceTest?
        let delta: Double
        let reference: [LedgerRow]
        if differences.count == rows.count, !differences.isEmpty {
            test = MeanDifferenceTest(differences: differences)
            delta = Statistics.mean(differences)
            reference = partners
        } else {
            // Without a partner for every run, compare with the baseline runs of the recipe
            // measured beside it, else of the recipe most of the baseline shares (never
            // several baseline recipes pooled).
            let counts = Dictionary(grouping: baseline, by: \.recipe)
            let recipe =
                rows.compactMap(\.baselineRecipe).first
                ?? counts.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key
            reference = baseline.filter { $0.recipe == recipe }
            let base = reference.compactMap(\.value)
            test = MeanDifferenceTest(welch: base, values)
            delta =
                base.isEmpty || values.isEmpty
                ? .nan : Statistics.mean(values) - Statistics.mean(base)
        }
        let risesWhenUp = metric.direction == .lowerIsBetter
        let riskRises: Bool? = delta == 0 || delta.isNaN ? nil : (delta > 0) == risesWhenUp
        let flagged = rows.contains(where: \.isFlagged) || reference.contains(where: \.isFlagged)
        let cell = Cell(
            defense: label, risk: risk, metric: metricName, delta: delta,
            halfWidth: test?.confidenceHalfWidth(level: 0.95), pValue: test?.pValue,
            adjustedPValue: nil, test: test?.kind, pairs: test?.sampleSize ?? values.count,
            threshold: metric.smallestEffect, riskRises: riskRises, expected: expected,
            conjecture: conjecture, verdict: .inconclusive, repetitionsNeeded: nil, flagged: flagged
        )
        return Measured(cell: cell, test: test)
    }

    /// The verdict a finding gives a cell.
    private static func verdict(_ finding: EffectFinding, cell: Cell) -> Verdict {
        switch finding {
        case .notMeasurable: return .notMeasurable
        case .inconclusive: return .inconclusive
        case .noEffect: return cell.risk == .utility ? .noCost : .noInteraction
        case .effect:
            if cell.risk == .utility { return cell.riskRises == false ? .gain : .cost }
            guard let expected = cell.expected, expected.change != .unexplored,
                let rises = cell.riskRises
            else { return .new }
            return (expected.change == .rises) == rises ? .confirms : .contradicts
        }
    }

    /// A measured change of one SoK factor under a defended recipe.
    public struct FactorChange: Sendable, Equatable {
        /// The factor.
        public var factor: SoKFactor
        /// Mean of defended − baseline.
        public var delta: Double
        /// Half-width of its 95% CI; nil with one run.
        public var halfWidth: Double?
        /// Whether the CI excludes zero (false with one run).
        public var moved: Bool
    }

    /// The changes of the measured factors (`measure factors`) under the defended recipes
    /// labelled `defense`, paired with their baselines as the matrix pairs risks.
    public static func factorChanges(
        _ rows: [LedgerRow], defense: String, measured: [(factor: SoKFactor, metric: MetricID)]
    ) -> [FactorChange] {
        let baseline = rows.filter { $0.role == .baseline && $0.value != nil }
        let defended = rows.filter {
            $0.role == .defended && $0.value != nil && $0.defenses.joined(separator: "+") == defense
        }
        return measured.compactMap { factor, metric in
            let mine = defended.filter { $0.metric == metric && $0.subject == nil }
            guard let first = mine.first else { return nil }
            let result = measure(
                label: defense, risk: metric.risk, metric: metric, metricName: first.metricName,
                rows: mine,
                baseline: baseline.filter {
                    $0.metric == metric && $0.datasetKey == first.datasetKey
                },
                expected: nil, conjecture: nil)
            guard result.cell.delta.isFinite else { return nil }
            let halfWidth = result.cell.halfWidth
            return FactorChange(
                factor: factor, delta: result.cell.delta, halfWidth: halfWidth,
                moved: halfWidth.map { abs(result.cell.delta) > $0 } ?? false)
        }
    }
}
