/// A mark on a measurement that its reader must see next to the number.
public enum MeasurementFlag: String, Sendable, Codable, Hashable, CaseIterable {
    /// The model predicts (nearly) one class: its other numbers describe a constant model.
    case degenerateModel = "degenerate-model"
    /// A model the plug-in trained for itself (a shadow, a population member, a surrogate, a
    /// poisoned or defended retrain) predicts (nearly) one class: the number rests on it.
    case degenerateAuxiliaryModel = "degenerate-auxiliary-model"
}

/// One number a plug-in produced about one model: the metric, an optional subject, the value.
///
/// `value` nil means undefined (a ratio over an empty group, a rate with no positives): it is
/// shown as `–`, written `null` in JSON and left empty in CSV, never as 0 or 1.
public struct Measurement: Sendable, Equatable {
    /// The declared metric.
    public var metric: MetricID
    /// What the metric is about within its family (`race`, `race=White`, `lira`), if anything.
    public var subject: String?
    /// The value, or nil when undefined.
    public var value: Double?
    /// Why the value is undefined, or another remark.
    public var note: String?
    /// Marks the reader must see.
    public var flags: Set<MeasurementFlag>

    /// A measurement.
    public init(
        _ metric: MetricID, subject: String? = nil, value: Double?, note: String? = nil,
        flags: Set<MeasurementFlag> = []
    ) {
        self.metric = metric
        self.subject = subject
        self.value = value
        self.note = note
        self.flags = flags
    }

    /// The name shown in tables, such as `fairness.race.dp_ratio`.
    public var displayName: String { metric.displayName(subject: subject) }
}
