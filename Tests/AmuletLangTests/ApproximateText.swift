import Foundation

/// Finds a text in an output with every number allowed to differ by a tolerance.
///
/// The expected text is cut into numbers and the words between them; a line of the output
/// matches when it holds the same words in the same order, separated by the same runs of
/// spaces or more, and each number is within the tolerance of the expected one. Minus signs
/// may be ASCII or U+2212, as the renderers print them.
enum ApproximateText {
    /// A number as the renderers print it: optional sign, digits, fraction, exponent.
    static let numberPattern = "[-−+]?[0-9]+(?:\\.[0-9]+)?(?:e[-+]?[0-9]+)?"

    /// Whether some line of `output` holds `expected` with numbers within `tolerance`.
    static func matches(_ expected: String, in output: String, tolerance: Double) -> Bool {
        guard let pattern = try? NSRegularExpression(pattern: numberPattern) else { return false }
        let whole = NSRange(expected.startIndex..., in: expected)
        var regex = ""
        var numbers: [Double] = []
        var cursor = expected.startIndex
        for match in pattern.matches(in: expected, range: whole) {
            guard let range = Range(match.range, in: expected) else { return false }
            regex += literal(expected[cursor..<range.lowerBound])
            regex += "(" + numberPattern + ")"
            guard let value = number(expected[range]) else { return false }
            numbers.append(value)
            cursor = range.upperBound
        }
        regex += literal(expected[cursor...])
        guard let search = try? NSRegularExpression(pattern: regex) else { return false }
        let text = NSRange(output.startIndex..., in: output)
        return search.matches(in: output, range: text).contains { found in
            (0..<numbers.count).allSatisfy { i in
                guard let range = Range(found.range(at: i + 1), in: output),
                    let value = number(output[range])
                else { return false }
                return abs(value - numbers[i]) <= tolerance + 1e-12
            }
        }
    }

    /// A regular expression for literal text, with each run of spaces matching one or more.
    static func literal(_ text: Substring) -> String {
        var pattern = ""
        var inSpaces = false
        for character in text {
            if character == " " {
                if !inSpaces { pattern += " +" }
                inSpaces = true
            } else {
                pattern += NSRegularExpression.escapedPattern(for: String(character))
                inSpaces = false
            }
        }
        return pattern
    }

    /// The value of a printed number, reading U+2212 as a minus sign.
    static func number(_ text: Substring) -> Double? {
        Double(text.replacingOccurrences(of: "−", with: "-"))
    }
}
