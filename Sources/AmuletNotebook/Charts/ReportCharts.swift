import AmuletRisks
import AmuletTensor

/// Builds the charts a report shows from what the session recorded.
///
/// A cell's ROC curves give one log-log ROC chart; its per-group selection rates give one
/// bar chart per sensitive attribute; the whole ledger gives a privacy–utility frontier when
/// two models or more report a finite ε.
public enum ReportCharts {
    /// The ROC chart of a cell's curves, nil when it drew none.
    public static func roc(cell: CellRecord) -> ROCChart? {
        guard !cell.curves.isEmpty else { return nil }
        return ROCChart(
            title: "membership inference ROC, cell \(cell.number)",
            series: cell.curves.map {
                ROCChart.Series(label: "\($0.role.rawValue): \($0.label)", curve: $0.curve)
            })
    }

    /// The Pareto-front charts of a cell's `tune` statements: for each tune with two
    /// constrained metrics or more, the first metric against each other one (small multiples).
    public static func tunes(cell: CellRecord) -> [ParetoChart] {
        var charts: [ParetoChart] = []
        for tune in cell.tunes where tune.metrics.count >= 2 {
            for other in 1..<tune.metrics.count {
                let title =
                    "\(tune.title): \(tune.metrics[other].name) against \(tune.metrics[0].name), "
                    + "cell \(cell.number)"
                charts.append(ParetoChart(title: title, tune: tune, xMetric: 0, yMetric: other))
            }
        }
        return charts
    }

    /// One bar chart per attribute of the per-group selection rates in `rows`, models as
    /// series; several values of one model and group (`repeat`) are averaged.
    public static func groupBars(rows: [LedgerRow], cell: Int) -> [GroupBarChart] {
        var attributes: [String] = []
        var groups: [String: [String]] = [:]
        var series: [String: [String]] = [:]
        var values: [String: [Double]] = [:]
        for row in rows where row.metric == FairnessMetric.groupSelectionRate {
            guard let subject = row.subject, let equals = subject.firstIndex(of: "=") else {
                continue
            }
            let attribute = String(subject[..<equals])
            let group = String(subject[subject.index(after: equals)...])
            if groups[attribute] == nil {
                attributes.append(attribute)
                groups[attribute] = []
                series[attribute] = []
            }
            if !(groups[attribute] ?? []).contains(group) {
                groups[attribute, default: []].append(group)
            }
            if !(series[attribute] ?? []).contains(row.scenario) {
                series[attribute, default: []].append(row.scenario)
            }
            if let value = row.value, value.isFinite {
                values[[attribute, group, row.scenario].joined(separator: "\u{1F}"), default: []]
                    .append(value)
            }
        }
        return attributes.map { attribute in
            let names = groups[attribute] ?? []
            return GroupBarChart(
                title: "selection rate by \(attribute), cell \(cell)",
                valueTitle: "fraction predicted positive",
                groups: names,
                series: (series[attribute] ?? []).map { label in
                    GroupBarChart.Series(
                        label: label,
                        values: names.map { group in
                            values[[attribute, group, label].joined(separator: "\u{1F}")].map {
                                Statistics.mean($0)
                            }
                        })
                })
        }
    }

    /// The privacy–utility frontier over the ledger's experiments, nil below two finite ε.
    ///
    /// Models without a finite ε give the dashed reference lines.
    public static func frontier(ledger: Ledger) -> FrontierChart? {
        let samples = MetricSamples(ledger.rows)
        func mean(_ column: MetricSamples.Column, where matches: (MetricSamples.MetricKey) -> Bool)
            -> Double?
        {
            guard let metric = samples.metrics.first(where: matches) else { return nil }
            let values = samples.samples(column, metric).compactMap(\.value).filter(\.isFinite)
            return values.isEmpty ? nil : Statistics.mean(values)
        }
        let isEpsilon = { (m: MetricSamples.MetricKey) in m.metric == PrivacyMetric.epsilon.name }
        let isAccuracy = { (m: MetricSamples.MetricKey) in
            m.metric == AccuracyMetric.testAccuracy.name && m.risk == Risk.utility.rawValue
        }
        let isAUC = { (m: MetricSamples.MetricKey) in
            m.risk == Risk.membership.rawValue && m.metric.hasSuffix(".auc")
        }
        var points: [FrontierChart.Point] = []
        var referenceAccuracy: Double?
        var referenceAUC: Double?
        for column in samples.columns {
            let accuracy = mean(column, where: isAccuracy)
            let auc = mean(column, where: isAUC)
            if let epsilon = mean(column, where: isEpsilon), epsilon > 0 {
                points.append(
                    FrontierChart.Point(
                        label: column.label, epsilon: epsilon, accuracy: accuracy, attackAUC: auc))
            } else if referenceAccuracy == nil && referenceAUC == nil {
                referenceAccuracy = accuracy
                referenceAUC = auc
            }
        }
        guard points.count >= 2 else { return nil }
        return FrontierChart(
            title: "privacy–utility frontier", points: points,
            referenceAccuracy: referenceAccuracy, referenceAUC: referenceAUC)
    }
}
