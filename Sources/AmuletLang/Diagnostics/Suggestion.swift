/// "Did you mean" suggestions for misspelt names.
///
/// Distance is the optimal-string-alignment variant of the Damerau–Levenshtein distance
/// (insertions, deletions, substitutions and transpositions of adjacent characters each cost
/// 1), compared case-insensitively. A candidate qualifies when its distance is at most
/// `max(1, n / 3)` and less than `n` (where `n` is the length of the typed name), or when the
/// typed name of two or more characters is a prefix of it. The closest qualifying candidate
/// wins; ties go to the earlier candidate.
///
/// Reference: F. J. Damerau, "A technique for computer detection and correction of spelling
/// errors", Communications of the ACM 7(3), 1964.
public enum Suggestion {
    /// The candidate closest to `name`, or `nil` when none is similar enough.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let typed = Array(name.lowercased())
        guard !typed.isEmpty else { return nil }
        let limit = max(1, typed.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased())
            let distance = editDistance(typed, other)
            let isClose = distance <= limit && distance < typed.count
            let isPrefix = typed.count >= 2 && other.starts(with: typed)
            guard isClose || isPrefix else { continue }
            if best.map({ distance < $0.distance }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The phrase `did you mean 'x'?` for the closest candidate, or `nil`.
    public static func didYouMean(_ name: String, among candidates: [String]) -> String? {
        closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// A hint for an unknown name: `did you mean 'x'?` when one is close, else the names
    /// (`label: a, b, c`), else `whenEmpty` when there are no names at all.
    public static func hint(
        for name: String, among candidates: [String], label: String, whenEmpty: String? = nil
    ) -> String? {
        didYouMean(name, among: candidates) ?? list(candidates, label: label, whenEmpty: whenEmpty)
    }

    /// `label: a, b, c`, or `whenEmpty` when there are no names.
    public static func list(_ names: [String], label: String, whenEmpty: String? = nil) -> String? {
        names.isEmpty ? whenEmpty : "\(label): " + names.joined(separator: ", ")
    }

    /// The optimal-string-alignment distance between two strings, compared case-sensitively.
    public static func editDistance(_ first: String, _ second: String) -> Int {
        editDistance(Array(first), Array(second))
    }

    /// Dynamic programme over three rolling rows: O(|a|·|b|) time, O(|b|) space.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
