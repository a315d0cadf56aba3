import AmuletData

/// The `attribute=all|NAME` choice of fairness defenses and attribute inference, resolved
/// against a dataset.
enum SensitiveAttributeSelection {
    /// The parameter: a sensitive attribute's name, or `all`.
    static func parameter(doc: String) -> Parameter<String> {
        Parameter<String>("attribute", default: "all", doc: doc)
    }

    /// The names `requested` selects in `dataset`: all its attributes, or the one named.
    ///
    /// Throws `unsupported` when the dataset has no sensitive attribute, and
    /// `invalidParameter` (located at the argument) for an unknown name.
    static func resolve(
        _ requested: String, in dataset: Dataset, datasetName: String, parameterName: String,
        purpose: String
    ) throws -> [String] {
        guard !dataset.sensitive.isEmpty else {
            throw ScenarioError.unsupported(
                "\(datasetName) has no sensitive attributes \(purpose)")
        }
        if requested == "all" { return dataset.sensitive.map(\.name) }
        guard dataset.attribute(requested) != nil else {
            throw ScenarioError.invalidParameter(
                name: parameterName,
                message: "\(datasetName) has no sensitive attribute '\(requested)'; it has "
                    + dataset.sensitive.map(\.name).joined(separator: ", ") + " (or all)")
        }
        return [requested]
    }
}
