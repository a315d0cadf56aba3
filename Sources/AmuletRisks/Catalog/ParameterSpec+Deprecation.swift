/// Deprecated parameters: an old spelling kept working, declared once, read by everything.
///
/// A renamed parameter stays declared beside its replacement, marked
/// `.deprecated(replacedBy: "new")`. Scripts that use it still bind and run, so nothing
/// written before the rename breaks; but help's usage line and completion show only the new
/// spelling, help lists the old one in a short `deprecated: old= (use new=)` line, and a run
/// that gives it notes what to write instead. `CatalogValidation` checks the replacement is a
/// current parameter of the same plug-in. Accepted but not advertised, as swift-argument-parser
/// treats an option declared with `visibility: .hidden`.
extension ParameterSpec {
    /// Whether this parameter is a deprecated alias (see `replacedBy`).
    public var isDeprecated: Bool { replacedBy != nil }

    /// This spec declared a deprecated alias of the plug-in's `replacement` parameter.
    public func deprecated(replacedBy replacement: String) -> ParameterSpec {
        var copy = self
        copy.replacedBy = replacement
        return copy
    }

    /// The note a run earns by giving this deprecated parameter `value`, such as
    /// `word= is a deprecated alias of trigger=: write trigger=cf`; nil when it is current.
    public func deprecationNote(given value: ParameterValue) -> String? {
        guard let replacement = replacedBy else { return nil }
        return "\(name)= is a deprecated alias of \(replacement)=: write \(replacement)=\(value)"
    }
}

extension PluginSpec {
    /// The parameters help and completion show: every declared one but the deprecated aliases.
    public var currentParameters: [ParameterSpec] { parameters.filter { !$0.isDeprecated } }

    /// The deprecated aliases, in declaration order.
    public var deprecatedParameters: [ParameterSpec] { parameters.filter(\.isDeprecated) }

    /// The line help shows instead of the deprecated aliases, such as
    /// `deprecated: word= (use trigger=)`; nil when the plug-in has none.
    public var deprecationLine: String? {
        let aliases = deprecatedParameters.compactMap { p in
            p.replacedBy.map { "\(p.name)= (use \($0)=)" }
        }
        return aliases.isEmpty ? nil : "deprecated: " + aliases.joined(separator: ", ")
    }

    /// One note per deprecated parameter among `given`, in declaration order.
    public func deprecationNotes(_ given: ParameterValues) -> [String] {
        deprecatedParameters.compactMap { p in
            given[p.name].flatMap { p.deprecationNote(given: $0) }
        }
    }
}
