/// A Swift type a plug-in parameter can hold: it names its `ParameterType` and reads a value.
///
/// Conformances exist for `Int`, `Double`, `Bool`, `String`, `[Int]`, `[String]`,
/// `WordOrIntegerList` and any `ParameterChoice` enum, so a declaration such as `Parameter<Int>("epochs", …)` fixes both
/// what the binder accepts and what the plug-in reads.
public protocol ParameterValueType: Sendable {
    /// The declared type (drives validation, help and completion).
    static var parameterType: ParameterType { get }
    /// The value held by a validated `ParameterValue`, or nil when it is of another kind.
    init?(parameterValue: ParameterValue)
    /// The value as a `ParameterValue` (for defaults and labels).
    var parameterValue: ParameterValue { get }
}

/// A closed set of words, such as `method=lira|loss|confidence`, read as a Swift enum.
public protocol ParameterChoice: ParameterValueType, RawRepresentable, CaseIterable
where RawValue == String {}

extension ParameterChoice {
    /// One of the enum's raw values.
    public static var parameterType: ParameterType { .choice(allCases.map(\.rawValue)) }
    /// The case whose raw value is the text.
    public init?(parameterValue: ParameterValue) {
        guard case .text(let text) = parameterValue else { return nil }
        self.init(rawValue: text)
    }
    /// The raw value as text.
    public var parameterValue: ParameterValue { .text(rawValue) }
}

extension Int: ParameterValueType {
    /// A whole number.
    public static var parameterType: ParameterType { .integer }
    /// The number, when whole and representable.
    public init?(parameterValue: ParameterValue) {
        guard case .number(let v) = parameterValue, v == v.rounded(), let exact = Int(exactly: v)
        else { return nil }
        self = exact
    }
    /// The number.
    public var parameterValue: ParameterValue { .number(Double(self)) }
}

extension Double: ParameterValueType {
    /// A real number.
    public static var parameterType: ParameterType { .number }
    /// The number.
    public init?(parameterValue: ParameterValue) {
        guard case .number(let v) = parameterValue else { return nil }
        self = v
    }
    /// The number.
    public var parameterValue: ParameterValue { .number(self) }
}

extension Bool: ParameterValueType {
    /// A flag.
    public static var parameterType: ParameterType { .flag }
    /// The flag.
    public init?(parameterValue: ParameterValue) {
        guard case .flag(let b) = parameterValue else { return nil }
        self = b
    }
    /// The flag.
    public var parameterValue: ParameterValue { .flag(self) }
}

extension String: ParameterValueType {
    /// Free text (declare `.path` through `Parameter(…, type: .path)`).
    public static var parameterType: ParameterType { .text }
    /// The text.
    public init?(parameterValue: ParameterValue) {
        guard case .text(let t) = parameterValue else { return nil }
        self = t
    }
    /// The text.
    public var parameterValue: ParameterValue { .text(self) }
}

extension Array: ParameterValueType where Element: ParameterListElement {
    /// A list of the element type.
    public static var parameterType: ParameterType { Element.listType }
    /// Every item, when each reads as the element type.
    public init?(parameterValue: ParameterValue) {
        guard case .list(let items) = parameterValue else { return nil }
        var out: [Element] = []
        for item in items {
            guard let element = Element(parameterValue: item) else { return nil }
            out.append(element)
        }
        self = out
    }
    /// The items as a list.
    public var parameterValue: ParameterValue { .list(map(\.parameterValue)) }
}

/// An element type a list parameter can hold.
public protocol ParameterListElement: ParameterValueType {
    /// The list's declared type.
    static var listType: ParameterType { get }
}

extension Int: ParameterListElement {
    /// `[int]`.
    public static var listType: ParameterType { .integerList }
}

extension String: ParameterListElement {
    /// `[text]`.
    public static var listType: ParameterType { .textList }
}

/// A parameter with a default: declared once, read through `call[parameter]` as a `Value`.
///
/// The same value builds the `ParameterSpec` that drives help, completion and validation, so a
/// read can neither miss (the default stands in) nor come back as the wrong type.
public struct Parameter<Value: ParameterValueType>: Sendable {
    /// The declaration help, completion and validation read.
    public private(set) var spec: ParameterSpec
    /// The value when none is given.
    public let defaultValue: Value

    /// A parameter `name` of `Value`'s type (or `type`, such as `.path`), with a default.
    public init(
        _ name: String, default defaultValue: Value, range: ClosedRange<Double>? = nil,
        type: ParameterType? = nil, doc: String
    ) {
        self.defaultValue = defaultValue
        self.spec = ParameterSpec(
            name, type ?? Value.parameterType, default: defaultValue.parameterValue, range: range,
            doc: doc)
    }

    /// The parameter's name.
    public var name: String { spec.name }
}

/// A parameter without a default: read as `Value?`, or required (the binder then insists).
public struct OptionalParameter<Value: ParameterValueType>: Sendable {
    /// The declaration help, completion and validation read.
    public private(set) var spec: ParameterSpec

    /// A parameter `name` that may be left out, or must be given when `required`.
    public init(
        _ name: String, range: ClosedRange<Double>? = nil, type: ParameterType? = nil,
        required: Bool = false, doc: String
    ) {
        self.spec = ParameterSpec(
            name, type ?? Value.parameterType, range: range, required: required, doc: doc)
    }

    /// The parameter's name.
    public var name: String { spec.name }
}

extension Parameter {
    /// This parameter declared a deprecated alias of the plug-in's `replacement` parameter
    /// (see `ParameterSpec.deprecated(replacedBy:)`).
    public func deprecated(replacedBy replacement: String) -> Self {
        var copy = self
        copy.spec = spec.deprecated(replacedBy: replacement)
        return copy
    }
}

extension OptionalParameter {
    /// This parameter declared a deprecated alias of the plug-in's `replacement` parameter
    /// (see `ParameterSpec.deprecated(replacedBy:)`).
    public func deprecated(replacedBy replacement: String) -> Self {
        var copy = self
        copy.spec = spec.deprecated(replacedBy: replacement)
        return copy
    }
}
