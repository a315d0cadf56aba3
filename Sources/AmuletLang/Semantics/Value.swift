import AmuletRisks

/// A runtime value of the language: a number, text, or a list.
public indirect enum Value: Sendable, Equatable, CustomStringConvertible {
    /// A number; `text` keeps how it was written (`10%`) for display.
    case number(Double, text: String?)
    /// Text: a string or a bare word.
    case text(String)
    /// A list of values.
    case list([Value])

    /// The value as `show` prints it.
    public var description: String {
        switch self {
        case .number(let v, let text):
            if let text { return text }
            return ParameterValue.number(v).description
        case .text(let t): return t
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// The value as a plug-in parameter value.
    public var parameterValue: ParameterValue {
        switch self {
        case .number(let v, _): return .number(v)
        case .text(let t): return .text(t)
        case .list(let items): return .list(items.map(\.parameterValue))
        }
    }

    /// The value as source text (for `save` and labels).
    public var sourceText: String {
        switch self {
        case .number(let v, let text): return text ?? ParameterValue.number(v).description
        case .text(let t):
            let isWord =
                !t.isEmpty && t.allSatisfy { $0.isLetter || $0.isNumber || "_-./~:".contains($0) }
                && (t.first.map { $0.isLetter || "_./~".contains($0) } ?? false)
            return isWord
                ? t
                : "\""
                    + t.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                        of: "\"", with: "\\\"") + "\""
        case .list(let items): return "[" + items.map(\.sourceText).joined(separator: ", ") + "]"
        }
    }
}
