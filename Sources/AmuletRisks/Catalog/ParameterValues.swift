/// Parameter values by name, as written or defaulted; the storage behind `PluginCall`.
public struct ParameterValues: Sendable, Hashable {
    /// Values by parameter name.
    public var values: [String: ParameterValue]

    /// Values from a dictionary.
    public init(_ values: [String: ParameterValue] = [:]) {
        self.values = values
    }

    /// The value of `name`, if present.
    public subscript(name: String) -> ParameterValue? { values[name] }

    /// Whether no value is held.
    public var isEmpty: Bool { values.isEmpty }

    /// A canonical text `a=1,b=x` in name order, for labels and cache keys.
    public func canonical(only names: [String]? = nil, separator: String = ",") -> String {
        values.keys.sorted().filter { names?.contains($0) ?? true }
            .map { "\($0)=\(values[$0]?.description ?? "")" }.joined(separator: separator)
    }
}

/// One validated call of a plug-in: the values the user gave and typed reads with defaults.
///
/// Reads go through the plug-in's declared keys: `call[epochs]` is an `Int` (the default when
/// not given), `call[sigma]` an optional `Double`. There is no read by string.
public struct PluginCall: Sendable, Hashable {
    /// The values the user gave, validated against the spec.
    public let given: ParameterValues

    /// A call with the given (already validated) values.
    public init(given: ParameterValues = ParameterValues()) {
        self.given = given
    }

    /// The value of a parameter with a default.
    public subscript<Value>(parameter: Parameter<Value>) -> Value {
        given[parameter.name].flatMap(Value.init(parameterValue:)) ?? parameter.defaultValue
    }

    /// The value of a parameter without a default, or nil when not given.
    public subscript<Value>(parameter: OptionalParameter<Value>) -> Value? {
        given[parameter.name].flatMap(Value.init(parameterValue:))
    }

    /// Whether the user gave `name`.
    public func isGiven(_ name: String) -> Bool { given[name] != nil }
}
