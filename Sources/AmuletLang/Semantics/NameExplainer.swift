import AmuletRisks
import Foundation

/// What `explain NAME` says about every name help or a table shows that is not a risk or a
/// catalog entry: a metric (`fairness.p_rule`, its short name `p_rule`, or a name with a
/// subject as tables show it, `mia.lira.auc`), a parameter (`eps`), one of a parameter's
/// values (`lira`), a setting (`seed`), a verb or statement, a `show` topic, a `compare`
/// form, an export, or a def.
///
/// Everything comes from the Catalog's declarations and the language's own tables, so a new
/// plug-in's names explain themselves; `NameExplainerTests` walks the Catalog to keep it so.
struct NameExplainer {
    /// The plug-ins whose names are explained.
    let catalog: Catalog
    /// The session's defs by name, with their source.
    var definitions: [String: String] = [:]

    /// Every section that explains `name`, joined by blank lines; nil when none does.
    func explain(_ name: String) -> String? {
        let sections =
            metricSections(name) + parameterSections(name) + valueSections(name)
            + languageSections(name) + exportSections(name) + defSections(name)
        return sections.isEmpty ? nil : sections.joined(separator: "\n\n")
    }

    /// Every name `explain` knows besides risks and catalog entries, for suggestions and
    /// completion; a deprecated parameter still explains, but is not offered.
    var names: [String] {
        var all: [String] = []
        for metric in catalog.metrics {
            all.append(metric.name)
            all.append(Self.shortName(metric.name))
        }
        for spec in catalog.allSpecs {
            for parameter in spec.currentParameters {
                all.append(parameter.name)
                if case .choice(let values) = parameter.type { all += values }
            }
            all += spec.exports.map(\.name)
        }
        all += Setting.allCases.map(\.rawValue) + Verb.allCases.map(\.rawValue)
        all += Keyword.allCases.map(\.rawValue) + ShowTopic.allCases.map(\.rawValue)
        all += CompareForm.allCases.map(\.rawValue) + definitions.keys.sorted()
        var seen: Set<String> = []
        return all.filter { seen.insert($0).inserted }
    }

    /// The part of a metric name after its last dot: `p_rule` of `fairness.p_rule`.
    static func shortName(_ name: String) -> String {
        name.split(separator: ".").last.map(String.init) ?? name
    }

    // MARK: - Sections

    /// The metrics `name` names: exactly, by short name, or with a subject inside.
    func metricSections(_ name: String) -> [String] {
        var sections: [String] = []
        for metric in catalog.metrics {
            if metric.name == name || (!name.contains(".") && Self.shortName(metric.name) == name) {
                sections.append(describe(metric, as: metric.name, subject: nil))
            } else if let subject = Self.subject(of: name, in: metric.name) {
                sections.append(describe(metric, as: name, subject: subject))
            }
        }
        return sections
    }

    /// The subject of `name` when it is `family` with a subject inside (`mia.lira.auc` of
    /// `mia.auc` is about `lira`), as the ledger names measurements.
    static func subject(of name: String, in family: String) -> String? {
        guard let dot = family.firstIndex(of: ".") else {
            return name.hasPrefix(family + ".") ? String(name.dropFirst(family.count + 1)) : nil
        }
        let prefix = String(family[..<dot]) + "."
        let suffix = String(family[dot...])
        guard name.count > prefix.count + suffix.count, name.hasPrefix(prefix),
            name.hasSuffix(suffix)
        else { return nil }
        return String(name.dropFirst(prefix.count).dropLast(suffix.count))
    }

    private func describe(_ metric: MetricID, as shown: String, subject: String?) -> String {
        let owners = catalog.allSpecs.filter { $0.reports.contains(metric) }
            .map { "\($0.kind.verb) \($0.name)" }
        var lines = [
            "\(shown) (metric, risk: \(metric.risk.rawValue), \(metric.unit.rawValue), "
                + "\(metric.direction.phrase))",
            "  \(metric.doc)",
        ]
        if let subject {
            lines.append("  \(metric.name) about \(subject) (a method, attribute or group)")
        }
        if metric.scope != .headline {
            lines.append(
                "  shown by 'compare "
                    + (metric.scope == .perGroup ? CompareForm.groups : CompareForm.all).rawValue
                    + "'")
        }
        if !owners.isEmpty { lines.append("  reported by: " + owners.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    /// The plug-ins that take a parameter called `name`, one line each.
    func parameterSections(_ name: String) -> [String] {
        var lines: [String] = []
        for spec in catalog.allSpecs {
            for parameter in spec.parameters where parameter.name == name {
                lines.append("  \(spec.kind.verb) \(spec.name) \(Self.usage(parameter))")
            }
        }
        guard !lines.isEmpty else { return [] }
        return [(["\(name) (parameter)"] + lines).joined(separator: "\n")]
    }

    /// `name=TYPE: doc (default D, range R)`.
    static func usage(_ parameter: ParameterSpec) -> String {
        var extras: [String] = []
        if let value = parameter.defaultValue { extras.append("default \(value)") }
        if let range = parameter.rangeText { extras.append(range) }
        if parameter.isRequired { extras.append("required") }
        if let replacement = parameter.replacedBy {
            extras.append("deprecated: use \(replacement)=")
        }
        return "\(parameter.name)=\(parameter.type.label): \(parameter.doc)"
            + (extras.isEmpty ? "" : " (" + extras.joined(separator: ", ") + ")")
    }

    /// The parameters that take `name` as one of their values, with what the plug-in's
    /// explanation says about it.
    func valueSections(_ name: String) -> [String] {
        var sections: [String] = []
        for spec in catalog.allSpecs {
            for parameter in spec.parameters {
                guard case .choice(let values) = parameter.type, values.contains(name) else {
                    continue
                }
                var lines = [
                    "\(name) (a value of \(parameter.name)= of \(spec.kind.verb) \(spec.name): "
                        + "\(spec.kind.verb) \(spec.name) \(parameter.name)=\(name))",
                    "  \(parameter.name): \(parameter.doc)",
                ]
                lines += Self.sentences(of: spec.explanation, mentioning: name).map { "  " + $0 }
                if let reference = spec.reference { lines.append("  reference: \(reference)") }
                sections.append(lines.joined(separator: "\n"))
            }
        }
        return sections
    }

    /// The sentences of `text` that mention `word` as a whole word, in any case.
    ///
    /// A sentence ends at ". " before a capital letter, except after an abbreviation such as
    /// "et al." or "e.g.".
    static func sentences(of text: String, mentioning word: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            guard character == ".", index + 2 < characters.count, characters[index + 1] == " ",
                characters[index + 2].isUppercase
            else { continue }
            let lastWord = current.dropLast().split(separator: " ").last ?? ""
            if ["al", "e.g", "i.e", "cf", "vs"].contains(String(lastWord)) { continue }
            sentences.append(current.trimmingCharacters(in: .whitespaces))
            current = ""
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty {
            sentences.append(current.trimmingCharacters(in: .whitespaces))
        }
        let needle = word.lowercased()
        return sentences.filter { sentence in
            let words = sentence.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }
            return words.contains { $0 == needle }
        }
    }

    /// Settings, verbs, statements, `show` topics and `compare` forms.
    func languageSections(_ name: String) -> [String] {
        var sections: [String] = []
        if let setting = Setting(rawValue: name) {
            sections.append("\(name) (setting)\n  set \(Self.usage(setting.parameter))")
        }
        if let verb = Verb(rawValue: name) {
            let (synopsis, summary) = VerbHelp.entry(verb)
            sections.append("\(name) (verb)\n  usage: \(synopsis)\n  \(summary)")
        }
        if Keyword(rawValue: name) != nil,
            let statement = VerbHelp.statements.first(where: { $0.0.hasPrefix(name + " ") })
        {
            sections.append("\(name) (statement)\n  usage: \(statement.0)\n  \(statement.1)")
        }
        if let topic = ShowTopic(rawValue: name) {
            sections.append("\(name) (show topic)\n  show \(name): \(topic.doc)")
        }
        if let form = CompareForm(rawValue: name) {
            sections.append("\(name) (compare form)\n  compare \(name): \(form.doc)")
        }
        return sections
    }

    /// The per-example exports called `name`.
    func exportSections(_ name: String) -> [String] {
        catalog.exports.filter { $0.export.name == name }.map { export, owner in
            "\(name) (export)\n  export \(name) FILE.csv: \(export.doc) "
                + "(from \(owner.kind.verb) \(owner.name))"
        }
    }

    /// The session's def called `name`, with its source.
    func defSections(_ name: String) -> [String] {
        guard let source = definitions[name] else { return [] }
        return ["\(name) (a def; '\(name)' runs it)\n" + source]
    }
}
