import AmuletRisks

/// A `tune` checked against the Catalog, before anything trains.
///
/// It holds every setting's defense calls, every constraint's metric and bound, and the
/// evaluations that measure them.
struct TunePlan {
    /// One combination of the swept values.
    struct Setting {
        /// The defenses to apply, each with its validated call.
        var defenses: [(plugin: any DefensePlugin.Type, call: PluginCall)]
        /// The swept values as written, one per swept parameter (the plan's `columns`).
        var shown: [String]
    }

    /// One constraint resolved to a metric family and, if named, its subject.
    struct Constraint {
        /// The constraint as written.
        var source: TuneConstraint
        /// The declared metric, such as `mia.auc`.
        var family: MetricID
        /// The subject in the written name, such as `lira` in `mia.lira.auc`.
        var subject: String?
        /// The bound, a number.
        var bound: Double
        /// The bound as written (`0.82`, `15%`), for the table's note.
        var boundText: String

        /// Whether `value` meets the bound.
        func holds(_ value: Double) -> Bool { source.comparison.holds(value, bound) }

        /// Whether a ledger row is a value of this constraint's metric.
        func matches(metricName: String, family name: String) -> Bool {
            metricName == source.metric || (subject == nil && name == family.name)
        }
    }

    /// One plug-in run per setting, with default parameters except the one a subject picks.
    struct Evaluation {
        var plugin: any EvaluationPlugin.Type
        var call: PluginCall
    }

    /// The swept parameters' column headers, such as `dp eps`.
    var columns: [String]
    /// The settings, the cartesian product of the axes in source order (last varies fastest).
    var settings: [Setting]
    /// The constraints in source order.
    var constraints: [Constraint]
    /// The evaluations to run on every setting, each once.
    var evaluations: [Evaluation]

    /// The most settings one `tune` may train.
    static let maximumSettings = 256

    /// The cartesian product of `lists`, the last list varying fastest.
    static func product<Element>(_ lists: [[Element]]) -> [[Element]] {
        lists.reduce([[]]) { partial, list in
            partial.flatMap { prefix in list.map { prefix + [$0] } }
        }
    }

    /// The metric family and subject a shown name denotes: `accuracy` is the family itself,
    /// `mia.lira.auc` is `mia.auc` about `lira` (the inverse of `MetricID.displayName`).
    static func resolve(_ name: String, among metrics: [MetricID]) -> (MetricID, String?)? {
        if let exact = metrics.first(where: { $0.name == name }) { return (exact, nil) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        for metric in metrics {
            for split in 1..<parts.count {
                let subject = parts[split]
                var rest = parts
                rest.remove(at: split)
                if rest.joined(separator: ".") == metric.name
                    && metric.displayName(subject: subject) == name
                {
                    return (metric, subject)
                }
            }
        }
        return nil
    }
}
