/// Validated parameter values of one plug-in call, defaults filled in.
public struct ParameterValues: Sendable, Hashable {
    /// Values by parameter name.
    public var values: [String: ParameterValue]

    /// Values from a dictionary.
    public init(_ values: [String: ParameterValue] = [:]) {
        self.values = values
    }

    /// The value of `name`, if given or defaulted.
    public subscript(name: String) -> ParameterValue? { values[name] }

    /// A number parameter (0 when absent; specs give defaults, so absent means a bug upstream).
    public func number(_ name: String) -> Double {
        if case .number(let v) = values[name] { return v }
        return 0
    }

    /// A number parameter, or nil when absent.
    public func optionalNumber(_ name: String) -> Double? {
        if case .number(let v) = values[name] { return v }
        return nil
    }

    /// An integer parameter.
    public func integer(_ name: String) -> Int { Int(number(name)) }

    /// A text parameter, or nil when absent.
    public func text(_ name: String) -> String? {
        if case .text(let t) = values[name] { return t }
        return nil
    }

    /// A flag parameter (false when absent).
    public func flag(_ name: String) -> Bool {
        if case .flag(let b) = values[name] { return b }
        return false
    }

    /// An integer-list parameter, or nil when absent.
    public func integers(_ name: String) -> [Int]? {
        guard case .list(let items) = values[name] else { return nil }
        return items.compactMap { if case .number(let v) = $0 { Int(v) } else { nil } }
    }

    /// A text-list parameter (empty when absent).
    public func texts(_ name: String) -> [String] {
        guard case .list(let items) = values[name] else { return [] }
        return items.map(\.description)
    }

    /// A canonical text `a=1,b=x` in name order, for labels and cache keys.
    public func canonical(only names: [String]? = nil) -> String {
        values.keys.sorted().filter { names?.contains($0) ?? true }
            .map { "\($0)=\(values[$0]?.description ?? "")" }.joined(separator: ",")
    }
}
