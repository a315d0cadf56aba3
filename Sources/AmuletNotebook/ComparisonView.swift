import AmuletRisks

/// Which metrics a comparison shows: the headline of each risk, everything, per-group values,
/// one risk, or the metrics whose names match a glob.
public enum ComparisonView: Sendable, Equatable {
    /// The headline metrics of each risk (a risk with none shows its details); `compare`.
    case summary
    /// Every metric except per-group values; `compare all`.
    case all
    /// Only the per-group values; `compare groups`.
    case groups
    /// Every metric of one risk, per-group values included; `compare risk=membership`.
    case risk(String)
    /// The metrics whose shown name matches a glob with `*` and `?`; `compare metric=mia.*`.
    case metric(String)

    /// Whether a metric of `scope` in `risk`, shown as `name`, belongs to the view.
    ///
    /// `headlineRisks` are the risks with a headline metric among the rows compared, so a
    /// summary of a risk that has none (only details were measured) still shows something.
    func includes(
        risk: String, name: String, scope: MetricScope, headlineRisks: Set<String>
    ) -> Bool {
        switch self {
        case .summary:
            scope == .headline || (scope == .detail && !headlineRisks.contains(risk))
        case .all: scope != .perGroup
        case .groups: scope == .perGroup
        case .risk(let wanted): risk == wanted
        case .metric(let pattern): Self.matches(name, glob: pattern)
        }
    }

    /// Whether `text` matches `glob`, where `*` stands for any run of characters and `?` for
    /// one; no other character is special.
    public static func matches(_ text: String, glob: String) -> Bool {
        let text = Array(text)
        let pattern = Array(glob)
        var t = 0
        var p = 0
        var starPattern = -1
        var starText = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                t += 1
                p += 1
            } else if p < pattern.count && pattern[p] == "*" {
                starPattern = p
                starText = t
                p += 1
            } else if starPattern >= 0 {
                p = starPattern + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
