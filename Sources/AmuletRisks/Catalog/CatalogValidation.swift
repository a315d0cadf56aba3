/// The checks a Catalog must pass before anything reads it, as swift-argument-parser
/// validates a command's declaration: every problem as one sentence naming the plug-in.
///
/// Help, completion, `explain`, the binder and the matrix all trust the declarations, so a
/// gap here (an undocumented parameter, a default out of its own range, a metric `explain`
/// cannot describe, two plug-ins claiming one risk's matrix headline) would surface as a
/// confusing message far from its cause. `CatalogTests` requires the built-in Catalog to have
/// no problems.
public enum CatalogValidation {
    /// Every problem of `catalog`, in Catalog order; empty when it is sound.
    public static func problems(in catalog: Catalog) -> [String] {
        var problems: [String] = []
        var names: Set<String> = []
        for spec in catalog.allSpecs {
            let label = "\(spec.kind.verb) \(spec.name)"
            if !names.insert("\(spec.kind.rawValue)/\(spec.name)").inserted {
                problems.append("\(label) is declared twice")
            }
            if spec.summary.isEmpty || spec.explanation.isEmpty {
                problems.append("\(label) has no summary or explanation for help and explain")
            }
            problems += parameterProblems(spec, label: label)
            if spec.kind == .metric || spec.kind == .attack {
                if spec.reports.isEmpty { problems.append("\(label) reports no metric") }
                if spec.cost == nil { problems.append("\(label) declares no training cost") }
            }
            if spec.kind == .defense {
                if spec.cost == nil { problems.append("\(label) declares no training cost") }
                if spec.interactions.count != RiskInteraction.sokRisks.count
                    || spec.interactions.filter(\.isTarget).count != 1
                {
                    problems.append(
                        "\(label) needs the SoK's arrow for each of its \(RiskInteraction.sokRisks.count) "
                            + "risks, one of them its target")
                }
            }
            if spec.kind == .dataset {
                // `load` reads these for every dataset; undeclared, the binder would never
                // accept them and every split would silently use the defaults.
                for common in DatasetParameters.common where spec.parameter(common.name) == nil {
                    problems.append("\(label) does not declare the common \(common.name)=")
                }
            }
            if let use = spec.matrix { problems += matrixProblems(spec, use: use, label: label) }
        }
        problems += metricProblems(catalog.metrics)
        var claimed: [Risk: String] = [:]
        for (spec, use) in catalog.matrixUses where use.headline != nil {
            if let other = claimed[spec.risk] {
                problems.append(
                    "\(spec.name) and \(other) both declare the matrix use of \(spec.risk.rawValue)"
                )
            }
            claimed[spec.risk] = spec.name
        }
        return problems
    }

    /// Undocumented parameters and defaults outside their own declaration.
    private static func parameterProblems(_ spec: PluginSpec, label: String) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for parameter in spec.parameters {
            if !seen.insert(parameter.name).inserted {
                problems.append("\(label) declares \(parameter.name)= twice")
            }
            if parameter.doc.isEmpty {
                problems.append("\(label) \(parameter.name)= has no doc line")
            }
            if let value = parameter.defaultValue, (try? parameter.validate(value).get()) == nil {
                problems.append("\(label) \(parameter.name)= defaults to invalid \(value)")
            }
            problems += deprecationProblems(parameter, of: spec, label: label)
        }
        return problems
    }

    /// A deprecated parameter must name a current parameter of the same plug-in, the one help
    /// and the run's note tell users to write, and must not be required: help's usage line
    /// leaves it out, so nobody would learn they have to give it.
    private static func deprecationProblems(
        _ parameter: ParameterSpec, of spec: PluginSpec, label: String
    ) -> [String] {
        guard let replacement = parameter.replacedBy else { return [] }
        var problems: [String] = []
        let alias = "\(label) \(parameter.name)= is a deprecated alias of \(replacement)="
        if replacement == parameter.name {
            problems.append("\(alias), itself")
        } else if let target = spec.parameter(replacement) {
            if target.isDeprecated { problems.append("\(alias), which is deprecated too") }
        } else {
            problems.append("\(alias), which \(spec.name) does not declare")
        }
        if parameter.isRequired {
            problems.append("\(label) \(parameter.name)= is deprecated but required")
        }
        return problems
    }

    /// A matrix use must name a headline the plug-in reports and settings it declares.
    private static func matrixProblems(_ spec: PluginSpec, use: MatrixUse, label: String)
        -> [String]
    {
        var problems: [String] = []
        if spec.kind != .metric && spec.kind != .attack {
            problems.append("\(label) declares a matrix use but is not an attack or metric")
        }
        if let headline = use.headline {
            if !spec.reports.contains(headline) {
                problems.append("\(label)'s matrix headline \(headline.name) is not reported")
            } else if headline.scope != .headline || headline.direction == .neutral {
                problems.append(
                    "\(label)'s matrix headline \(headline.name) is not a headline metric "
                        + "with a direction")
            }
        }
        for setting in use.settings {
            guard let parameter = spec.parameter(setting.name) else {
                problems.append("\(label)'s matrix setting \(setting.name)= is not a parameter")
                continue
            }
            if (try? parameter.validate(setting.value).get()) == nil {
                problems.append("\(label)'s matrix setting \(setting.source) is invalid")
            }
            if let replacement = parameter.replacedBy {
                problems.append(
                    "\(label)'s matrix setting \(setting.name)= is deprecated (use \(replacement)=)"
                )
            }
        }
        return problems
    }

    /// A metric needs a doc line for `explain`, a smallest effect for verdicts, and one
    /// declaration per name.
    private static func metricProblems(_ metrics: [MetricID]) -> [String] {
        var problems: [String] = []
        var seen: [String: MetricID] = [:]
        for metric in metrics {
            if metric.doc.isEmpty { problems.append("metric \(metric.name) has no doc line") }
            if !(metric.smallestEffect > 0) || !metric.smallestEffect.isFinite {
                problems.append("metric \(metric.name) has no positive smallest effect")
            }
            if let other = seen[metric.name], other != metric {
                problems.append("metric \(metric.name) is declared twice, differently")
            }
            seen[metric.name] = metric
        }
        return problems
    }
}
