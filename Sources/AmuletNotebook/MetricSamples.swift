import AmuletTensor

/// The ledger's values grouped by scenario and by (risk, metric), each in first-seen order.
///
/// The grouping both `Comparison` tables share: every value of one (scenario, risk, metric),
/// whether from `repeat N` repetitions or from separate runs, lands in one sample.
struct MetricSamples {
    /// A row of the pivot: a metric within its risk.
    struct MetricKey: Hashable {
        var risk: String
        var metric: String
    }

    private struct SampleKey: Hashable {
        var scenario: String
        var metric: MetricKey
    }

    /// Scenario labels, the reference scenario first, the rest in first-seen order.
    private(set) var scenarios: [String] = []
    /// Metrics in first-seen order.
    private(set) var metrics: [MetricKey] = []
    /// The reference scenario: the first with role baseline, else the first seen; nil if empty.
    private(set) var reference: String?
    /// Whether some row had the baseline role.
    private(set) var hasBaselineRole = false
    private var values: [SampleKey: [Double]] = [:]

    /// Groups `rows`, keeping their order within each sample.
    init(_ rows: [LedgerRow]) {
        var seenScenarios: Set<String> = []
        var seenMetrics: Set<MetricKey> = []
        for row in rows {
            let metric = MetricKey(risk: row.risk, metric: row.metric)
            if seenScenarios.insert(row.scenario).inserted { scenarios.append(row.scenario) }
            if seenMetrics.insert(metric).inserted { metrics.append(metric) }
            if row.role == .baseline && !hasBaselineRole {
                hasBaselineRole = true
                reference = row.scenario
            }
            values[SampleKey(scenario: row.scenario, metric: metric), default: []].append(row.value)
        }
        if reference == nil { reference = scenarios.first }
        if let reference, let index = scenarios.firstIndex(of: reference) {
            scenarios.remove(at: index)
            scenarios.insert(reference, at: 0)
        }
    }

    /// Scenarios other than the reference, in first-seen order.
    var others: [String] { Array(scenarios.dropFirst()) }

    /// The values of one scenario and metric; empty when it was never measured.
    func values(_ scenario: String, _ metric: MetricKey) -> [Double] {
        values[SampleKey(scenario: scenario, metric: metric)] ?? []
    }

    /// A sample as a cell: a number for one value, mean ± 95% CI (Student t) for several.
    static func summary(_ sample: [Double], digits: Int) -> TableCell {
        switch sample.count {
        case 0: .empty
        case 1: .number(sample[0], digits: digits)
        default:
            .interval(
                mean: Statistics.mean(sample),
                halfWidth: Statistics.confidenceHalfWidth95(sample), digits: digits)
        }
    }

    /// The difference of means `sample − reference`, tested with Welch's t-test at 0.05 when
    /// both have at least two values.
    static func delta(_ sample: [Double], from reference: [Double], digits: Int) -> TableCell {
        guard !sample.isEmpty, !reference.isEmpty else { return .empty }
        let difference = Statistics.mean(sample) - Statistics.mean(reference)
        let significant = WelchTest(reference, sample)?.isSignificant(at: 0.05)
        return .delta(difference, digits: digits, significant: significant)
    }
}
