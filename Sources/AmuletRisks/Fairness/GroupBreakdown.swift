import AmuletData

/// The groups of one sensitive attribute over a dataset's rows: the `by=NAME|all` breakdown
/// of an attack's numbers per group.
///
/// Privacy and robustness are not spread evenly over groups (a minority group's members are
/// often more exposed to membership inference), so attacks report their numbers within each
/// group and the gap between the most and the least exposed group. A number within a group is
/// computed from the same per-row results as the whole-population number (no re-training); a
/// group too small for it has an undefined value (nil), never 0 or 1.
/// Reference: Amulet (ssg-research/amulet, arXiv 2509.12386), issue "per-group risk".
public struct GroupBreakdown: Sendable, Equatable {
    /// One group: its name (such as `Female`) and the rows it holds.
    public struct Group: Sendable, Equatable {
        /// The group's name.
        public var name: String
        /// Indices of the rows in the group, ascending.
        public var rows: [Int]
    }

    /// The attribute's name, such as `sex`.
    public var attribute: String
    /// The groups in code order: the group coded 0, then the group coded 1.
    public var groups: [Group]

    /// The groups of `attribute`'s rows.
    public init(_ attribute: SensitiveAttribute) {
        self.attribute = attribute.name
        var rows: [[Int]] = [[], []]
        for (i, v) in attribute.values.enumerated() { rows[v == 1 ? 1 : 0].append(i) }
        groups = [
            Group(name: attribute.negativeGroup, rows: rows[0]),
            Group(name: attribute.positiveGroup, rows: rows[1]),
        ]
    }

    /// The subject of a per-group number: `prefix.attribute=group` (or `attribute=group`).
    public func subject(_ group: Group, prefix: String? = nil) -> String {
        [prefix, "\(attribute)=\(group.name)"].compactMap { $0 }.joined(separator: ".")
    }

    /// The subject of the gap over the groups: `prefix.attribute` (or `attribute`).
    public func gapSubject(prefix: String? = nil) -> String {
        [prefix, attribute].compactMap { $0 }.joined(separator: ".")
    }

    /// The fraction of `hits` that are true within each group; nil for an empty group.
    public func rates(_ hits: [Bool]) -> [Double?] {
        groups.map { g in
            guard !g.rows.isEmpty else { return nil }
            let count = g.rows.reduce(0) { $0 + (hits[$1] ? 1 : 0) }
            return Double(count) / Double(g.rows.count)
        }
    }

    /// The largest minus the smallest defined value: the gap between the most and the least
    /// exposed group; nil when fewer than two groups have a value.
    public static func gap(_ values: [Double?]) -> Double? {
        let defined = values.compactMap { $0 }
        guard defined.count >= 2, let high = defined.max(), let low = defined.min() else {
            return nil
        }
        return high - low
    }

    /// The note of an undefined gap.
    static let undefinedGap = "undefined: fewer than two groups have this value"

    /// The `by=` parameter: a sensitive attribute's name, or `all`; absent means no breakdown.
    static func parameter(doc: String) -> OptionalParameter<String> {
        OptionalParameter<String>("by", doc: doc)
    }

    /// The breakdowns `requested` selects over `dataset`'s rows: none when nil, every
    /// sensitive attribute for `all`, else the one named.
    ///
    /// Throws `invalidParameter` (located at the argument) when the dataset has no sensitive
    /// attribute or none of that name, with the closest name as a suggestion.
    static func resolve(
        _ requested: String?, in dataset: Dataset, datasetName: String, parameterName: String
    ) throws -> [GroupBreakdown] {
        guard let requested else { return [] }
        let names = dataset.sensitive.map(\.name)
        guard !names.isEmpty else {
            throw ScenarioError.invalidParameter(
                name: parameterName,
                message: "\(datasetName) has no sensitive attributes to break the attack down by")
        }
        if requested == "all" { return dataset.sensitive.map(GroupBreakdown.init) }
        guard let chosen = dataset.attribute(requested) else {
            var message =
                "\(datasetName) has no sensitive attribute '\(requested)'; it has "
                + names.joined(separator: ", ") + " (or all)"
            if let close = closest(to: requested, among: names + ["all"]) {
                message += "; did you mean '\(close)'?"
            }
            throw ScenarioError.invalidParameter(name: parameterName, message: message)
        }
        return [GroupBreakdown(chosen)]
    }

    /// The candidate within edit distance ⌈len/3⌉ (at least 1) of `name`, closest first.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let typed = Array(name.lowercased())
        let limit = max(1, (typed.count + 2) / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = editDistance(typed, Array(candidate.lowercased()))
            if d <= limit && d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// Levenshtein distance (insertions, deletions, substitutions) by the two-row recurrence.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
