import AmuletRisks

/// Checks a command's arguments against a parameter spec list before anything runs.
///
/// Unknown names, wrong types, values out of range, duplicates and missing required values
/// become diagnostics at the argument's column, with "did you mean" over the declared names.
/// A deprecated alias binds like any parameter, but suggestions name only current ones.
struct ArgumentBinder {
    /// The interpreter, to evaluate `$variables`.
    let interpreter: Interpreter

    /// The validated values (defaults filled in) and the values the user gave.
    func bind(
        _ command: Command, parameters: [ParameterSpec], owner: String, skipPositional: Int = 0
    ) throws(Diagnostic) -> (values: ParameterValues, given: ParameterValues) {
        var given: [String: ParameterValue] = [:]
        var positionalSeen = 0
        let names = parameters.filter { !$0.isDeprecated }.map(\.name)
        for argument in command.arguments {
            guard let name = argument.name, let nameRange = argument.nameRange else {
                positionalSeen += 1
                if positionalSeen <= skipPositional { continue }
                throw Diagnostic(
                    .badArgument,
                    "unexpected argument for \(owner); parameters are written name=value",
                    range: argument.value.range,
                    suggestion: Suggestion.list(
                        names, label: "parameters", whenEmpty: "\(owner) takes no parameters"))
            }
            guard let spec = parameters.first(where: { $0.name == name }) else {
                let suggestion = Suggestion.hint(
                    for: name, among: names, label: "parameters",
                    whenEmpty: "\(owner) takes no parameters")
                throw Diagnostic(
                    .badArgument, "unknown parameter '\(name)' for \(owner)", range: nameRange,
                    suggestion: suggestion)
            }
            if given[name] != nil {
                throw Diagnostic(
                    .badArgument, "parameter '\(name)' is given twice", range: nameRange)
            }
            let value = try interpreter.evaluate(argument.value)
            switch spec.validate(value.parameterValue) {
            case .success(let normalised):
                given[name] = normalised
            case .failure(.wrongType(let expected)):
                throw Diagnostic(
                    .wrongType, "\(name) expects \(expected), got '\(value.description)'",
                    range: argument.value.range, suggestion: spec.doc)
            case .failure(.outOfRange(let range)):
                throw Diagnostic(
                    .outOfRange, "\(name)=\(value.description) is out of range; allowed: \(range)",
                    range: argument.value.range, suggestion: spec.doc)
            case .failure(.notAChoice(let options)):
                throw Diagnostic(
                    .badArgument,
                    "\(name) must be one of \(options.joined(separator: ", ")), got '\(value.description)'",
                    range: argument.value.range,
                    suggestion: Suggestion.didYouMean(value.description, among: options))
            }
        }
        for spec in parameters where spec.isRequired && given[spec.name] == nil {
            throw Diagnostic(
                .missingArgument, "\(owner) needs \(spec.name)=… (\(spec.doc))",
                range: command.subjectRange ?? command.verbRange)
        }
        var values = given
        for spec in parameters where values[spec.name] == nil {
            if let value = spec.defaultValue { values[spec.name] = value }
        }
        return (ParameterValues(values), ParameterValues(given))
    }
}
