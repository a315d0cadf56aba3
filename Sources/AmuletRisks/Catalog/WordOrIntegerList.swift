/// The value of a `word or [int]` parameter: one word or a list of whole numbers.
///
/// One parameter whose meaning depends on the data, such as a backdoor's `trigger=`: a word
/// inserted into sentences on text (`trigger=cf`), the feature indices it sets on tabular data
/// and images (`trigger=[0, 3]`). The binder checks the form; the plug-in, which knows the
/// data, says which form it needs.
public enum WordOrIntegerList: ParameterValueType, Hashable {
    /// One word, as written (`cf`).
    case word(String)
    /// Whole numbers, in the order written (a bare `5` is `[5]`).
    case integers([Int])

    /// `word or [int]`.
    public static var parameterType: ParameterType { .wordOrIntegerList }

    /// The word of a text value, the numbers of a list (or of one number).
    public init?(parameterValue: ParameterValue) {
        switch parameterValue {
        case .text(let word): self = .word(word)
        case .number:
            guard let number = Int(parameterValue: parameterValue) else { return nil }
            self = .integers([number])
        case .list:
            guard let numbers = [Int](parameterValue: parameterValue) else { return nil }
            self = .integers(numbers)
        case .flag: return nil
        }
    }

    /// The word as text, the numbers as a list.
    public var parameterValue: ParameterValue {
        switch self {
        case .word(let word): return .text(word)
        case .integers(let numbers): return numbers.parameterValue
        }
    }

    /// The word, or nil when the value is a list.
    public var word: String? {
        if case .word(let word) = self { return word }
        return nil
    }

    /// The numbers, or nil when the value is a word.
    public var integers: [Int]? {
        if case .integers(let numbers) = self { return numbers }
        return nil
    }
}
