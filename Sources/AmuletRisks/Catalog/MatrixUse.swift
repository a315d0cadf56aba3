/// How a plug-in measures its risk in the defense × risk matrix: the settings of its call and
/// the metric whose change the matrix shows.
///
/// The language's standard def `risks` runs every declared use in Catalog order, and
/// `compare matrix` reads each risk's `headline`, so a new attack with a `matrix:` line in its
/// spec reaches the matrix with no edit elsewhere. Settings are chosen so one repetition costs
/// minutes, not hours (LiRA with 4 shadows, PGD with 10 steps); a paper raises them.
public struct MatrixUse: Sendable {
    /// The arguments of the call, in the order they are written.
    public var settings: [ParameterSetting]
    /// The metric the matrix shows for the plug-in's risk, one of the spec's `reports`.
    ///
    /// Nil for a measurement the matrix runs to explain its cells rather than as a cell of
    /// its own (the SoK's factors).
    public var headline: MetricID?
    /// Whether the headline's subject names a setting of the call (the text backdoor's
    /// `p=1%`), so the matrix gives each subject a row of its own instead of showing the first.
    public var cellPerSubject: Bool

    /// A matrix use reporting `headline`, called with `settings`.
    public init(
        headline: MetricID?, settings: [ParameterSetting] = [], cellPerSubject: Bool = false
    ) {
        self.headline = headline
        self.settings = settings
        self.cellPerSubject = cellPerSubject
    }
}

/// One `name=value` argument of a declared call, typed by the parameter it sets.
public struct ParameterSetting: Sendable, Equatable {
    /// The parameter's name.
    public var name: String
    /// The value it is set to.
    public var value: ParameterValue

    /// `name=value`.
    public init(name: String, value: ParameterValue) {
        self.name = name
        self.value = value
    }

    /// The argument as the language writes it, such as `shadows=4`.
    public var source: String { "\(name)=\(value.description)" }
}

extension Parameter {
    /// This parameter set to `value`, typed by the parameter's own value type.
    public func setting(_ value: Value) -> ParameterSetting {
        ParameterSetting(name: name, value: value.parameterValue)
    }
}
