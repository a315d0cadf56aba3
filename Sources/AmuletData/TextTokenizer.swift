/// The one tokenisation of text, shared by every loader, model and attack.
///
/// Lower-cases, then splits into words (runs of letters, digits, and apostrophes or hyphens
/// inside a word, such as "don't" or "well-made") and punctuation (each other visible character
/// is a token of its own); whitespace and control characters separate tokens and are dropped.
/// A word longer than `maximumWordLength` characters is cut there, so one 1 MB line of letters
/// is one bounded token rather than a megabyte-long vocabulary entry. Invalid UTF-8 has been
/// replaced by U+FFFD before a string exists; that character is treated as punctuation.
///
/// Reference: the word/punctuation split of Joulin et al., "Bag of Tricks for Efficient Text
/// Classification", EACL 2017 (fastText), after lower-casing as in the GLUE SST-2 files.
public struct TextTokenizer: Sendable, Equatable {
    /// The longest word kept whole; longer runs are cut to this many characters.
    public var maximumWordLength: Int

    /// A tokenizer; 64 characters is longer than any English word in SST-2.
    public init(maximumWordLength: Int = 64) {
        self.maximumWordLength = max(1, maximumWordLength)
    }

    /// The tokens of `text`, in order.
    public func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var word = String.UnicodeScalarView()
        var wordLength = 0
        var skippingRest = false
        func flush() {
            if !word.isEmpty { out.append(String(word)) }
            word = String.UnicodeScalarView()
            wordLength = 0
            skippingRest = false
        }
        let scalars = Array(text.lowercased().unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil {
                if skippingRest { continue }
                if wordLength == maximumWordLength {
                    skippingRest = true
                    continue
                }
                word.append(scalar)
                wordLength += 1
            } else if (scalar == "'" || scalar == "-") && !word.isEmpty && i + 1 < scalars.count
                && (scalars[i + 1].properties.isAlphabetic
                    || scalars[i + 1].properties.numericType != nil)
            {
                if skippingRest { continue }
                if wordLength < maximumWordLength {
                    word.append(scalar)
                    wordLength += 1
                }
            } else {
                flush()
                if properties.isWhitespace || properties.generalCategory == .control
                    || properties.generalCategory == .format
                {
                    continue
                }
                out.append(String(scalar))
            }
        }
        flush()
        return out
    }
}
