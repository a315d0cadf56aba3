import AmuletLearn

extension Scenario {
    /// The model a file supplied for `role`, when the role is the undefended model of an
    /// imported architecture: the file's weights, which nothing trains.
    ///
    /// Its summary records the file and says which training settings the models trained for
    /// the architecture (shadows, surrogates, defended retrains) use, and which of them are
    /// defaults, since the file carries none.
    public func suppliedModel(for role: ScenarioRole) -> TrainedModel? {
        guard role.defenses.isEmpty, case .graph(let graph) = role.recipe.architecture else {
            return nil
        }
        var summary = TrainingSummary()
        summary.suppliedBy = graph.name
        let recipe = role.recipe
        func setting(_ name: String, _ value: String) -> String {
            "\(name)=\(value)" + (modelParameters[name] == nil ? " (default)" : "")
        }
        let settings = [
            setting(TrainingParameters.epochs.name, "\(recipe.epochs)"),
            setting(TrainingParameters.batch.name, "\(recipe.batchSize)"),
            setting(
                TrainingParameters.learningRate.name,
                "\(ParameterValue.number(recipe.optimizer.learningRate))"),
            setting(TrainingParameters.optimizer.name, recipe.optimizer.name),
        ]
        let start =
            graph.initialization == .file
            ? "fine-tuned from the file's weights" : "from scratch (init=scratch)"
        summary.notes.append(
            "the file's weights are the baseline model, nothing is trained for it; models "
                + "trained for its attacks and defenses use its architecture \(start) with "
                + settings.joined(separator: ", ") + "; sha256 \(graph.digest)")
        return TrainedModel(
            network: graph.baselineNetwork(), architecture: recipe.architecture,
            label: recipe.label, summary: summary)
    }
}
