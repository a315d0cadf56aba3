import AmuletNotebook
import AmuletRisks

extension Interpreter {
    /// `help`, `help VERB`, `help NAME`: generated from the verbs and the Catalog.
    func help(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        if let first = command.arguments.first {
            throw Diagnostic(.badArgument, "help takes one name", range: first.range)
        }
        guard let topic = command.subject, let range = command.subjectRange else {
            context.outputs.append(.text(overview()))
            return
        }
        if let verb = Verb(rawValue: topic) {
            context.outputs.append(.text(verbHelp(verb)))
            return
        }
        if Keyword(rawValue: topic) != nil,
            let entry = VerbHelp.statements.first(where: { $0.0.hasPrefix(topic + " ") })
        {
            let details = VerbHelp.statementDetails[topic] ?? []
            context.outputs.append(
                .text(
                    (["usage: \(entry.0)", "  \(entry.1)"] + details.map { "  " + $0 })
                        .joined(separator: "\n")))
            return
        }
        let matches = environment.catalog.allSpecs.filter { $0.name == topic }
        if !matches.isEmpty {
            context.outputs.append(.text(matches.map(entryHelp).joined(separator: "\n\n")))
            return
        }
        if let risk = Risk(rawValue: topic) {
            context.outputs.append(.text("\(risk.rawValue) (a risk)\n  " + risk.explanation))
            return
        }
        let candidates =
            Verb.allCases.map(\.rawValue) + environment.catalog.allSpecs.map(\.name)
            + Risk.allCases.map(\.rawValue)
        throw Diagnostic(
            .unknownName, "no help for '\(topic)'", range: range,
            suggestion: Suggestion.didYouMean(topic, among: candidates)
                ?? "type 'help' for the list of verbs")
    }

    /// The verb list and the catalog's names, one line each.
    func overview() -> String {
        let rows = Verb.allCases.map { VerbHelp.entry($0) } + VerbHelp.statements
        var lines = [
            "Amulet: measure how ML defenses move security, privacy and fairness risks.", "",
            "verbs:",
        ]
        lines += Interpreter.aligned(rows.map { ($0.0, $0.1) }, indent: 2, maximumWidth: 36)
        lines.append("")
        for kind in PluginKind.allCases {
            let names = environment.catalog.specs(kind).map(\.name)
            lines.append(
                "\(kind.rawValue)s: "
                    + (names.isEmpty ? "(none yet)" : names.joined(separator: ", ")))
        }
        lines.append("")
        lines.append("help VERB or help NAME shows parameters; explain NAME tells what it is.")
        return lines.joined(separator: "\n")
    }

    /// A verb's usage, summary and the catalog entries it takes.
    func verbHelp(_ verb: Verb) -> String {
        let (synopsis, summary) = VerbHelp.entry(verb)
        var lines = ["usage: \(synopsis)", "  \(summary)"]
        if let kind = verb.pluginKind {
            let specs = environment.catalog.specs(kind)
            if !specs.isEmpty {
                lines.append("")
                lines += Interpreter.aligned(
                    specs.map { ($0.name, $0.summary) }, indent: 2, maximumWidth: 24)
            }
        }
        switch verb {
        case .set:
            lines.append("")
            lines += parameterLines(Interpreter.settingParameters)
        case .show:
            lines.append("")
            let width = ShowTopic.allCases.map(\.rawValue.count).max() ?? 0
            for topic in ShowTopic.allCases {
                let pad = String(repeating: " ", count: width - topic.rawValue.count)
                lines.append("  \(topic.rawValue)\(pad)  \(topic.doc)")
            }
        case .export:
            let exports = environment.catalog.exports
            if !exports.isEmpty {
                lines.append("")
                lines.append("  per-example exports: export NAME FILE.csv")
                let width = exports.map(\.export.name.count).max() ?? 0
                for (export, owner) in exports {
                    let pad = String(repeating: " ", count: width - export.name.count)
                    lines.append(
                        "  \(export.name)\(pad)  \(export.doc) (from \(owner.kind.verb) \(owner.name))"
                    )
                }
            }
        case .compare:
            lines.append("")
            lines.append(
                "  compare            each risk's headline metrics, Δ against the baseline")
            for form in CompareForm.allCases {
                let usage = "compare \(form.rawValue)"
                let pad = String(repeating: " ", count: max(1, 19 - usage.count))
                lines.append("  \(usage)\(pad)\(form.doc)")
            }
            lines += parameterLines(Interpreter.compareParameters)
        default:
            break
        }
        return lines.joined(separator: "\n")
    }

    /// A catalog entry: synopsis, summary, parameters with defaults and ranges; deprecated
    /// aliases only in one line naming what to write instead.
    func entryHelp(_ spec: PluginSpec) -> String {
        var lines = [
            "usage: \(spec.synopsis)",
            "  \(spec.summary) [\(spec.kind.rawValue), risk: \(spec.risk.rawValue)]",
        ]
        if !spec.parameters.isEmpty {
            lines.append("")
            lines += parameterLines(spec.currentParameters)
            if let deprecated = spec.deprecationLine { lines.append("  " + deprecated) }
        }
        if !spec.reports.isEmpty {
            lines.append("")
            lines.append("  reports:")
            for metric in spec.reports {
                lines.append(
                    "    \(metric.name) (\(metric.unit.rawValue), \(metric.direction.phrase)): \(metric.doc)"
                )
            }
        }
        if !spec.exports.isEmpty {
            lines.append("")
            lines.append("  exports:")
            for export in spec.exports {
                lines.append("    export \(export.name) FILE.csv: \(export.doc)")
            }
        }
        if let reference = spec.reference { lines.append("  reference: \(reference)") }
        return lines.joined(separator: "\n")
    }

    /// Parameter lines, `name=type` then the doc, the docs aligned in one column.
    func parameterLines(_ parameters: [ParameterSpec]) -> [String] {
        let rows = parameters.map { p -> (String, String) in
            var doc = p.doc
            var details: [String] = []
            if p.isRequired { details.append("required") }
            if let value = p.defaultValue { details.append("default \(value)") }
            if let range = p.rangeText { details.append("range \(range)") }
            if !details.isEmpty { doc += " (" + details.joined(separator: ", ") + ")" }
            return ("\(p.name)=\(p.type.label)", doc)
        }
        return Interpreter.aligned(rows, indent: 2, maximumWidth: 28)
    }

    /// Two columns: the second starts at one column for every row whose first fits in
    /// `maximumWidth`; a longer first column puts its second on the next line, at that column.
    static func aligned(_ rows: [(String, String)], indent: Int, maximumWidth: Int) -> [String] {
        let fitting = rows.map(\.0.count).filter { $0 <= maximumWidth }
        let width = fitting.max() ?? maximumWidth
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        for (first, second) in rows {
            if first.count > width {
                lines.append(margin + first)
                lines.append(margin + String(repeating: " ", count: width + 2) + second)
            } else {
                let pad = String(repeating: " ", count: width - first.count + 2)
                lines.append(margin + first + pad + second)
            }
        }
        return lines
    }

    /// `explain NAME`: the paragraph of a risk or a catalog entry.
    func explain(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        // A name the lexer cannot read as a word (`mia.tpr@1%fpr`) may be quoted.
        var command = command
        if command.subject == nil, let first = command.arguments.first, first.name == nil,
            case .string(let text, let range) = first.value
        {
            command.subject = text
            command.subjectRange = range
            command.arguments.removeFirst()
        }
        guard let topic = command.subject, let range = command.subjectRange else {
            throw Diagnostic(
                .missingArgument, "explain what?", range: command.verbRange,
                suggestion: "a risk (" + Risk.allCases.map(\.rawValue).joined(separator: ", ")
                    + ") or a catalog name")
        }
        if let first = command.arguments.first {
            if command.arguments.count == 1, first.name == nil,
                case .word(let second, _) = first.value,
                let spec = environment.catalog.spec(.defense, topic),
                let risk = Risk(rawValue: second)
            {
                context.outputs.append(.text(explainInteraction(spec, risk)))
                return
            }
            throw Diagnostic(
                .badArgument, "explain takes one name, or a defense and a risk", range: first.range,
                suggestion: "for example 'explain dp' or 'explain dp evasion'")
        }
        if let risk = Risk(rawValue: topic) {
            context.outputs.append(.text("\(risk.rawValue) (a risk)\n  " + risk.explanation))
            return
        }
        let matches = environment.catalog.allSpecs.filter { $0.name == topic }
        let explainer = NameExplainer(
            catalog: environment.catalog,
            definitions: session.definitions.keys.reduce(into: [:]) { sources, name in
                sources[name] = session.definitions[name]?.source
            })
        let more = explainer.explain(topic)
        guard !matches.isEmpty || more != nil else {
            let candidates =
                Risk.allCases.map(\.rawValue) + environment.catalog.allSpecs.map(\.name)
                + explainer.names
            throw Diagnostic(
                .unknownName, "nothing called '\(topic)' to explain", range: range,
                suggestion: Suggestion.didYouMean(topic, among: candidates)
                    ?? "try a risk such as 'membership'")
        }
        let specs = matches.map { spec in
            "\(spec.name) (\(spec.kind.rawValue), risk: \(spec.risk.rawValue))\n  \(spec.explanation)"
                + (spec.interactions.isEmpty
                    ? ""
                    : "\n  when effective, the SoK expects: "
                        + RiskInteraction.describe(spec.interactions)
                        + " (Duddu, Szyller & Asokan, IEEE S&P 2024)")
                + (spec.deprecationLine.map { "\n  \($0)" } ?? "")
                + (spec.reference.map { "\n  reference: \($0)" } ?? "")
        }
        context.outputs.append(.text((specs + [more].compactMap { $0 }).joined(separator: "\n\n")))
    }

    /// `explain DEFENSE RISK`: the SoK's arrow, the factors' conjecture with its reasoning,
    /// and what the ledger measured for the pair.
    func explainInteraction(_ spec: PluginSpec, _ risk: Risk) -> String {
        var lines = ["\(spec.name) × \(risk.rawValue)"]
        if let arrow = spec.interactions.first(where: { $0.risk == risk }) {
            lines.append(
                "  SoK (Table 3): \(arrow.change.rawValue)"
                    + (arrow.isTarget ? " (its target)" : ""))
        } else {
            lines.append("  SoK (Table 3): no arrow for this pair")
        }
        if let defense = spec.factors, let riskFactors = risk.factorProfile {
            let conjecture = FactorConjecture(defense: defense, risk: riskFactors)
            lines.append(
                "  factors (Table 2): \(spec.name) \(defense.description); "
                    + "\(risk.rawValue) \(riskFactors.description)")
            lines.append(
                "  conjecture (§4.4): \(conjecture.change.rawValue) — \(conjecture.reasoning)")
        } else {
            lines.append("  factors: the SoK's Table 2 has no row for one of them: no conjecture")
        }
        let changes = InteractionMatrix.factorChanges(
            session.ledger.rows, defense: spec.name, measured: environment.catalog.measuredFactors)
        let riskFactors = risk.factorProfile
        for change in changes {
            let ci = change.halfWidth.map { " ± " + TableCell.format($0, digits: 3) } ?? ""
            var line =
                "  factor \(change.factor.rawValue) (\(change.factor.summary)): "
                + TableCell.formatSigned(change.delta, digits: 3) + ci
            if let arrow = riskFactors?.change(of: change.factor), arrow != .unexplored {
                // The risk moves with the factor when its arrow is ↑, against it when ↓.
                let implied: ExpectedChange =
                    (change.delta > 0) == (arrow == .rises) ? .rises : .falls
                line +=
                    change.moved
                    ? "; moved, which by \(risk.rawValue)'s \(change.factor.rawValue)"
                        + "\(arrow.rawValue) implies \(implied.rawValue)"
                    : "; did not move (CI spans 0)"
            } else {
                line += change.moved ? "; moved (not a factor of \(risk.rawValue))" : ""
            }
            lines.append(line)
        }
        if changes.isEmpty {
            lines.append("  factors measured: none yet ('measure factors' under 'repeat N')")
        }
        let cells = InteractionMatrix.cells(session.ledger.rows, catalog: environment.catalog)
            .filter { $0.risk == risk && $0.defense.hasPrefix(spec.name) }
        if cells.isEmpty {
            lines.append(
                "  measured: nothing yet (run the defense and the risk's attack under 'repeat N')")
        }
        let explanations = MeasuredExplanation.explanations(
            cells: cells, rows: session.ledger.rows, measured: environment.catalog.measuredFactors)
        for (cell, explanation) in zip(cells, explanations) {
            let ci = cell.halfWidth.map { " ± " + TableCell.format($0, digits: 3) } ?? ""
            let seen = cell.riskRises.map { $0 ? "↑" : "↓" } ?? "="
            lines.append(
                "  measured (\(cell.defense)): \(cell.metric) "
                    + TableCell.formatSigned(cell.delta, digits: 3) + ci + " over \(cell.pairs) "
                    + "run\(cell.pairs == 1 ? "" : "s"): \(seen), "
                    + InteractionMatrix.verdictText(cell)
                    + (cell.conjecture.map { c in
                        c.change == .unexplored || cell.riskRises == nil
                            || cell.verdict == .inconclusive || cell.verdict == .notMeasurable
                            ? ""
                            : ((c.change == .rises) == cell.riskRises
                                ? "; agrees with the conjecture"
                                : "; disagrees with the conjecture")
                    } ?? ""))
            if explanation.agreement != .notMeasured {
                lines.append(
                    "  measured explanation: "
                        + explanation.reasoning(riskName: risk.rawValue)
                        + (explanation.fromOneRun ? " (one run: no CI)" : ""))
            }
        }
        return lines.joined(separator: "\n")
    }
}
