import AmuletData
import AmuletLearn
import AmuletTensor
import Foundation

/// `attack backdoor` on text data: TextBadNets planted in the members, measured as BadNets is.
///
/// A seeded `portion` of the members, drawn from the rows not already of the target class
/// (as the Python Amulet's TextBadNets draws them) and never from the defender's trusted rows,
/// gets the trigger word at a random position and the label `target`. The role's recipe,
/// defenses included, trains on the poisoned members; when the victim's vocabulary gives the
/// trigger an id of its own, the text model's embedding table grows by that one row. Success
/// rate = |{x ∈ test : y(x) ≠ target, f(trigger(x)) = target}| / |{x ∈ test : y(x) ≠ target}|.
/// When the recipe holds ONION, the test sentences (triggered and clean) pass through its
/// purifier first, as inputs to a deployed model would, and the share of triggered sentences
/// it stripped of the trigger is reported.
enum TextBackdoor {
    /// Trigger removal by an input purifier.
    static let triggerRemoval = MetricID(
        "backdoor.trigger_removal_rate", risk: .poisoning, unit: .ratio,
        direction: .higherIsBetter,
        doc: "fraction of triggered test sentences from which the recipe's input purifier "
            + "(ONION) removed the trigger")

    /// Words the input purifier removes from clean inputs.
    static let inputWordsRemoved = MetricID(
        "backdoor.input_words_removed", risk: .poisoning, unit: .number, direction: .neutral,
        doc: "mean words the recipe's input purifier (ONION) removed from each clean test "
            + "sentence")

    /// The trigger, the poisoned rows and the poisoned data's identity suffix; trains nothing.
    static func poisoning(
        scenario: Scenario, portion: Double, target: Int, word: String, seed: UInt64
    ) throws -> (badNets: TextBadNets, rows: [Int], suffix: String) {
        guard case .text(_, let vocabulary) = scenario.data.train.modality else {
            throw ScenarioError.unsupported("the text backdoor needs text data")
        }
        let train = scenario.data.train
        let candidates = scenario.poisonableMemberIndices.filter { train.labels[$0] != target }
        let count = min(
            candidates.count, Int((portion * Double(scenario.memberIndices.count)).rounded()))
        let rowSeed = SeededGenerator.deriveSeed(seed, 0x6261_6364)
        var rng = SeededGenerator(seed: rowSeed)
        let rows = rng.sampleWithoutReplacement(count, from: candidates.count)
            .map { candidates[$0] }.sorted()
        let badNets = TextBadNets(
            word: word, vocabulary: vocabulary, poisonedCount: rows.count,
            seed: SeededGenerator.deriveSeed(seed, 0x7472_6967))
        let suffix =
            "textbadnets(rows=\(rows.count),target=\(target),word=\(badNets.word),"
            + "id=\(badNets.id),seed=\(rowSeed))"
        return (badNets, rows, suffix)
    }

    /// `1%`, `0.02%`: a portion as a percentage with at most four significant decimals.
    static func percent(_ portion: Double) -> String {
        var text = String(format: "%.4f", portion * 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }

    /// `recipe` for the victim's vocabulary (a text model's table gets the trigger's row).
    static func recipe(_ recipe: Recipe, vocabulary: TextVocabulary) -> Recipe {
        guard case .text(let configuration) = recipe.architecture else { return recipe }
        var copy = recipe
        copy.architecture = .text(configuration.withVocabulary(vocabulary.count))
        return copy
    }

    /// The measurements of the text backdoor on `model`'s role.
    static func evaluate(
        scenario: Scenario, model: ModelUnderTest, context: RunContext, portion: Double,
        target: Int, word: String
    ) throws -> Evaluation {
        let (badNets, rows, suffix) = try poisoning(
            scenario: scenario, portion: portion, target: target, word: word, seed: context.seed)
        let length = scenario.data.train.features.cols
        var train = scenario.data.train
        for row in rows {
            train.features.setRow(
                row, badNets.inserted(into: train.features.row(row), rowIndex: row))
            train.labels[row] = target
        }
        let modality = Dataset.Modality.text(length: length, vocabulary: badNets.vocabulary)
        train.modality = modality
        var poisoning = PoisonedTraining(
            base: scenario, train: train, poisonedRows: rows, suffix: suffix)
        poisoning.scenario.data.test.modality = modality
        let recipe = TextBackdoor.recipe(model.recipe, vocabulary: badNets.vocabulary)
        let poisoned = try poisoning.model(recipe, context: context)

        let test = scenario.data.test
        let victims = test.labels.indices.filter { test.labels[$0] != target }
        let triggered = badNets.triggered(test.features.gatherRows(victims), rowIndices: victims)
        let onion = model.recipe.defenses.compactMap { $0 as? OnionDefense }.first
        var removedFromClean = 0
        func inputs(_ features: Matrix, purifier: OnionPurifier?, counting: Bool = false) throws
            -> Matrix
        {
            guard let purifier else { return features }
            var out = features
            for r in 0..<features.rows {
                if r % 256 == 0 { try context.workbench.cancellation?.check() }
                let (row, removed) = purifier.purify(features.row(r))
                if !removed.isEmpty { out.setRow(r, row) }
                if counting { removedFromClean += removed.count }
            }
            return out
        }
        let poisonedPurifier = onion?.purifier(for: poisoning.scenario.trainingSet().features)
        let cleanPurifier = onion?.purifier(for: scenario.trainingSet().features)
        let poisonedTriggered = try inputs(triggered, purifier: poisonedPurifier)
        func rate(_ network: Network, _ inputs: Matrix) -> Double? {
            guard inputs.rows > 0 else { return nil }
            let hits = network.predictions(inputs).filter { $0 == target }.count
            return Double(hits) / Double(inputs.rows)
        }
        // The portion is the subject, so a sweep over portions keeps one row per portion in the
        // ledger (the paper's table: portion × defense) instead of each replacing the last.
        let subject = "p=" + Self.percent(portion)
        var measurements = [
            Measurement(
                PoisoningMetrics.backdoorSuccess, subject: subject,
                value: rate(poisoned.network, poisonedTriggered)),
            Measurement(
                PoisoningMetrics.backdoorUnpoisonedSuccess, subject: subject,
                value: rate(model.model.network, try inputs(triggered, purifier: cleanPurifier))),
            Measurement(
                PoisoningMetrics.backdoorCleanAccuracy, subject: subject,
                value: poisoned.network.accuracy(
                    try inputs(test.features, purifier: poisonedPurifier, counting: true),
                    labels: test.labels)),
        ]
        if onion != nil, poisonedTriggered.rows > 0 {
            let trigger = Float(badNets.id)
            let stripped = (0..<poisonedTriggered.rows).filter { r in
                !poisonedTriggered.row(r).contains(trigger)
            }.count
            measurements.append(
                Measurement(
                    triggerRemoval, subject: subject,
                    value: Double(stripped) / Double(poisonedTriggered.rows)))
            measurements.append(
                Measurement(
                    inputWordsRemoved, subject: subject,
                    value: Double(removedFromClean) / Double(max(1, test.count))))
        }
        measurements += try poisoning.removalMeasurements(model.recipe)
        let given =
            badNets.id == TextVocabulary.unknown ? "the unknown word's id" : "id \(badNets.id)"
        return Evaluation(
            measurements: measurements,
            notes: [
                "TextBadNets inserts '\(badNets.word)' (\(given)) into \(rows.count) members"
            ])
    }
}
