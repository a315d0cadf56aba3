/// The declared type of a plug-in parameter.
public enum ParameterType: Sendable, Equatable {
    /// A whole number.
    case integer
    /// A real number (`0.5`, `1e-3`, `10%`).
    case number
    /// Free text or a bare word.
    case text
    /// A file path.
    case path
    /// 0/1, true/false, yes/no, on/off.
    case flag
    /// One of a fixed set of words.
    case choice([String])
    /// A list of whole numbers (`[128, 256]`).
    case integerList
    /// A list of words or strings.
    case textList
    /// Either one word (`cf`) or a list of whole numbers (`[0, 3]`), as a trigger that is a
    /// word on text and feature indices elsewhere; a bare number is a one-item list.
    case wordOrIntegerList

    /// How the type reads in help.
    public var label: String {
        switch self {
        case .integer: return "int"
        case .number: return "number"
        case .text: return "text"
        case .path: return "path"
        case .flag: return "flag"
        case .choice(let options): return options.joined(separator: "|")
        case .integerList: return "[int]"
        case .textList: return "[text]"
        case .wordOrIntegerList: return "word or [int]"
        }
    }
}

/// A value given to, or defaulted for, a plug-in parameter.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    /// A number.
    case number(Double)
    /// Text (words, strings, paths, choices).
    case text(String)
    /// A boolean flag.
    case flag(Bool)
    /// A list.
    case list([ParameterValue])

    /// The value as written in a script.
    public var description: String {
        switch self {
        case .number(let v):
            if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
            return "\(v)"
        case .text(let t): return t
        case .flag(let b): return b ? "1" : "0"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

/// A declared parameter: name, type, default, allowed range and a line of documentation.
public struct ParameterSpec: Sendable {
    /// The name used in scripts (`epochs`).
    public var name: String
    /// The type.
    public var type: ParameterType
    /// The default, or nil when the parameter is required or optional without default.
    public var defaultValue: ParameterValue?
    /// The inclusive range allowed for numbers.
    public var range: ClosedRange<Double>?
    /// One line for help.
    public var doc: String
    /// Whether a value must be given.
    public var isRequired: Bool
    /// The parameter of the same plug-in this one is a deprecated alias of, or nil when it is
    /// current: the binder still accepts it, help and completion leave it out, and a run
    /// that gives it notes the spelling to write instead (`ParameterSpec+Deprecation`).
    public var replacedBy: String?

    /// A parameter spec.
    public init(
        _ name: String, _ type: ParameterType, default defaultValue: ParameterValue? = nil,
        range: ClosedRange<Double>? = nil, required: Bool = false, doc: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.range = range
        self.doc = doc
        self.isRequired = required
    }

    /// The range as help text, such as `1…1000`, or `≥ 0` when the upper end is only the
    /// largest whole number a Double holds exactly (2⁵³ − 1), not a limit worth reading.
    public var rangeText: String? {
        guard let range else { return nil }
        func show(_ v: Double) -> String {
            if v == .infinity { return "∞" }
            return ParameterValue.number(v).description
        }
        if range.upperBound >= 9_007_199_254_740_991 { return "≥ \(show(range.lowerBound))" }
        return "\(show(range.lowerBound))…\(show(range.upperBound))"
    }
}

/// Why a given value does not fit its parameter spec.
public enum ParameterProblem: Error, Sendable, Equatable {
    /// The value has the wrong type; `expected` names the type.
    case wrongType(expected: String)
    /// The number is outside the allowed range.
    case outOfRange(range: String)
    /// The word is not one of the choices.
    case notAChoice(options: [String])
}

extension ParameterSpec {
    /// Checks `value` against the type and range; returns the normalised value.
    public func validate(_ value: ParameterValue) -> Result<ParameterValue, ParameterProblem> {
        switch (type, value) {
        case (.integer, .number(let v)):
            guard Int(exactly: v) != nil else {
                return .failure(.wrongType(expected: "a whole number"))
            }
            return checkRange(v)
        case (.number, .number(let v)):
            return checkRange(v)
        case (.text, .text), (.path, .text):
            return .success(value)
        case (.text, .number(let v)), (.path, .number(let v)):
            return .success(.text(ParameterValue.number(v).description))
        case (.flag, .flag):
            return .success(value)
        case (.flag, .number(let v)) where v == 0 || v == 1:
            return .success(.flag(v == 1))
        case (.flag, .text(let t)):
            switch t.lowercased() {
            case "true", "yes", "on": return .success(.flag(true))
            case "false", "no", "off": return .success(.flag(false))
            default:
                return .failure(.wrongType(expected: "a flag (0/1, true/false, yes/no, on/off)"))
            }
        case (.choice(let options), .text(let t)):
            return options.contains(t) ? .success(value) : .failure(.notAChoice(options: options))
        case (.integerList, .list(let items)), (.wordOrIntegerList, .list(let items)):
            return validateIntegerList(items)
        case (.integerList, .number), (.wordOrIntegerList, .number):
            // A scalar is a one-item list, checked exactly as `[v]` is: type and range.
            return validateIntegerList([value])
        case (.textList, .list(let items)):
            var out: [ParameterValue] = []
            for item in items {
                guard case .text(let t) = item else {
                    if case .list = item {
                        return .failure(.wrongType(expected: "a list of names, not nested lists"))
                    }
                    out.append(.text(item.description))
                    continue
                }
                out.append(.text(t))
            }
            return .success(.list(out))
        case (.textList, .text(let t)):
            return .success(.list([.text(t)]))
        case (.wordOrIntegerList, .text(let t)):
            // One word is one token of a sentence: not empty, no spaces.
            guard !t.isEmpty, !t.contains(where: \.isWhitespace) else {
                return .failure(.wrongType(expected: "one word without spaces"))
            }
            return .success(value)
        default:
            return .failure(.wrongType(expected: typeDescription))
        }
    }

    /// Every item a whole number within the range, and at least one item: the one check a
    /// list parameter's value passes, whether written `[a, b]`, `a`, or reached through a
    /// variable, so no form reaches a plug-in unchecked.
    private func validateIntegerList(_ items: [ParameterValue]) -> Result<
        ParameterValue, ParameterProblem
    > {
        var out: [ParameterValue] = []
        for item in items {
            guard case .number(let v) = item, Int(exactly: v) != nil else {
                return .failure(.wrongType(expected: "a list of whole numbers"))
            }
            if case .failure(let problem) = checkRange(v) { return .failure(problem) }
            out.append(.number(v))
        }
        return out.isEmpty
            ? .failure(.wrongType(expected: "a non-empty list")) : .success(.list(out))
    }

    private func checkRange(_ v: Double) -> Result<ParameterValue, ParameterProblem> {
        // NaN is in no range; an infinite or non-finite value never fits a whole number.
        guard !v.isNaN else { return .failure(.wrongType(expected: typeDescription)) }
        if let range, !range.contains(v) { return .failure(.outOfRange(range: rangeText ?? "")) }
        return .success(.number(v))
    }

    /// The type in words, for messages.
    public var typeDescription: String {
        switch type {
        case .integer: return "a whole number"
        case .number: return "a number"
        case .text: return "a word or string"
        case .path: return "a file path"
        case .flag: return "a flag (0/1, true/false)"
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        case .integerList: return "a list of whole numbers"
        case .textList: return "a list of names"
        case .wordOrIntegerList: return "a word or a list of whole numbers"
        }
    }
}
