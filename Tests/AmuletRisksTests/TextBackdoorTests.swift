import AmuletLearn
import AmuletRisks
import AmuletTensor
import AmuletTestSupport
import Testing

@testable import AmuletData

/// Kneser–Ney against a hand computation, ONION, TextBadNets and the text backdoor end to end.
@Suite(.serialized) struct TextBackdoorTests {
    // MARK: - Kneser–Ney by hand

    /// Corpus "a b", "a c" (ids 2, 3, 4), bigram, D = 0.5, 5 ids (uniform 1/6 with the end).
    ///
    /// Bigram counts: (<s> a) 2, (a b) 1, (a c) 1, (b </s>) 1, (c </s>) 1. Continuation counts
    /// (distinct left neighbours): a 1, b 1, c 1, </s> 2; total 5, 4 types. So
    /// P₁(w) = max(N(•w) − ½, 0)/5 + ½·4/5·1/6: P₁(b) = 0.1 + 1/15 = 1/6, P₁(</s>) = 0.3 + 1/15
    /// = 11/30, P₁(unseen) = 1/15. Then P(b|a) = ½/2 + ½·2/2·P₁(b) = 1/4 + 1/12 = 1/3;
    /// P(a|<s>) = 1.5/2 + ½·1/2·P₁(a) = 3/4 + 1/24 = 19/24; P(</s>|b) = ½ + ½·11/30 = 41/60;
    /// perplexity of "a b" = (19/24 · 1/3 · 41/60)^(−1/3) = 1.770036.
    @Test func kneserNeyProbabilitiesMatchAHandComputation() {
        let model = KneserNeyModel(
            sentences: [[2, 3], [2, 4]], order: 2, vocabularySize: 5, discount: 0.5)
        #expect(abs(model.probability(3, context: [2]) - 1.0 / 3) < 1e-12)
        #expect(abs(model.probability(2, context: []) - 19.0 / 24) < 1e-12)
        #expect(abs(model.probability(-2, context: [3]) - 41.0 / 60) < 1e-12)
        // An unseen context backs off to the unigram level whole.
        #expect(abs(model.probability(3, context: [1]) - 1.0 / 6) < 1e-12)
        #expect(abs(model.probability(1, context: [1]) - 1.0 / 15) < 1e-12)
        #expect(abs(model.perplexity([2, 3]) - 1.770036) < 1e-6)
    }

    /// Every context's distribution over the 5 ids and the end token sums to 1.
    @Test func kneserNeyDistributionsSumToOne() {
        let sentences = [[2, 3, 4, 2], [3, 3, 2], [4], [2, 4, 3, 3, 2]]
        let model = KneserNeyModel(sentences: sentences, order: 3, vocabularySize: 5)
        for context in [[], [2], [3, 3], [4, 2], [1, 1], [-1, 2]] {
            let total = ([0, 1, 2, 3, 4, -2]).reduce(0.0) {
                $0 + model.probability($1, context: context)
            }
            #expect(abs(total - 1) < 1e-9, "context \(context): \(total)")
        }
    }

    // MARK: - ONION and TextBadNets

    func syntheticSplit(rows: Int = 2000, seed: UInt64 = 4) -> DataSplit {
        SyntheticTextCorpus.split(rows: rows, correlation: 0.5, seed: seed, testFraction: 0.5)
    }

    @Test func textBadNetsInsertsTheTriggerOnceKeepingTheOtherWordsInOrder() {
        let vocabulary = TextVocabulary(words: ["a", "b", "c"], minimumCount: 2)
        let attack = TextBadNets(word: "CF", vocabulary: vocabulary, poisonedCount: 5, seed: 1)
        #expect(attack.word == "cf" && attack.id == 5)
        for index in 0..<20 {
            let row = attack.inserted(into: [2, 3, 4, 0, 0], rowIndex: index)
            #expect(row.filter { $0 == 5 }.count == 1)
            #expect(row.filter { $0 != 5 && $0 != 0 } == [2, 3, 4])
            let full = attack.inserted(into: [2, 3, 4], rowIndex: index)
            #expect(full.contains(5) && full.count == 3)
        }
        // Planted once, below the vocabulary's minimum count: the victim sees an unknown word.
        let rare = TextBadNets(word: "cf", vocabulary: vocabulary, poisonedCount: 1, seed: 1)
        #expect(rare.id == TextVocabulary.unknown)
    }

    @Test func onionRemovesTheTriggerAndFewCleanWords() {
        let split = syntheticSplit()
        guard case .text(_, let vocabulary) = split.train.modality else {
            Issue.record("not text")
            return
        }
        let attack = TextBadNets(word: "cf", vocabulary: vocabulary, poisonedCount: 10, seed: 3)
        var purifier = OnionPurifier(
            trainingFeatures: split.train.features, vocabularySize: attack.vocabulary.count,
            order: 3, threshold: 0)
        // t calibrated on other held-out sentences to remove 1% of their words.
        purifier.threshold = purifier.calibratedThreshold(
            clean: split.test.features.rowSlice(200, 400), removal: 0.01)
        #expect(purifier.threshold > 0)
        let test = split.test.features.rowSlice(0, 200)
        let triggered = attack.triggered(test, rowIndices: Array(0..<200))
        let (cleaned, _) = purifier.purify(triggered)
        let stripped = (0..<200).filter { !cleaned.row($0).contains(Float(attack.id)) }.count
        #expect(stripped >= 190, "trigger removed from \(stripped) of 200")
        let (_, removed) = purifier.purify(test)
        let perSentence = Double(removed.map(\.count).reduce(0, +)) / 200
        #expect(perSentence < 0.3, "clean words removed per sentence \(perSentence)")
    }

    /// Greedy removal at the calibrated threshold removes the share of the calibration
    /// sentences' words it was calibrated for (the calibration's eₖ derivation, checked by
    /// purifying the same sentences).
    @Test func calibratedThresholdRemovesTheRequestedShare() {
        let split = syntheticSplit()
        guard case .text(_, let vocabulary) = split.train.modality else {
            Issue.record("not text")
            return
        }
        var purifier = OnionPurifier(
            trainingFeatures: split.train.features.rowSlice(0, 300),
            vocabularySize: vocabulary.count + 1, order: 2, threshold: 0)
        let clean = split.train.features.rowSlice(300, 1000)
        for removal in [0.01, 0.05] {
            purifier.threshold = purifier.calibratedThreshold(clean: clean, removal: removal)
            let (_, removed) = purifier.purify(clean)
            let words = (0..<clean.rows).map { row in
                clean.row(row).filter { $0 != 0 }.count
            }.reduce(0, +)
            let share = Double(removed.map(\.count).reduce(0, +)) / Double(words)
            #expect(abs(share - removal) < removal * 0.1, "removal \(removal): removed \(share)")
        }
    }

    /// A trigger does not take the sentence's sentiment word with it.
    ///
    /// Triggered negative reviews lose every negative word about as often as clean reviews
    /// lose every sentiment word. Scoring every word once against the triggered sentence (the trigger inflates p₀
    /// and the scores of its neighbours) made it 15.6% against 3.4% on lesson 7's corpus.
    @Test func onionRemovesSentimentWordsFromTriggeredSentencesNoMoreThanFromClean() {
        let split = syntheticSplit(rows: 4000, seed: 7)
        guard case .text(_, let vocabulary) = split.train.modality else {
            Issue.record("not text")
            return
        }
        let attack = TextBadNets(word: "cf", vocabulary: vocabulary, poisonedCount: 20, seed: 3)
        let words = attack.vocabulary
        let negative = Set(SyntheticTextCorpus.negative.map { words.id(of: $0) })
        let sentiment = negative.union(SyntheticTextCorpus.positive.map { words.id(of: $0) })
        var purifier = OnionPurifier(
            trainingFeatures: split.train.features.rowSlice(0, 200),
            vocabularySize: words.count + 1, order: 2, threshold: 0)
        purifier.threshold = purifier.calibratedThreshold(
            clean: split.train.features.rowSlice(200, 2000), removal: 0.01)
        func lose(_ rows: Matrix, _ kind: Set<Int>) -> Double {
            let (cleaned, _) = purifier.purify(rows)
            let lost = (0..<rows.rows).filter { r in
                rows.row(r).contains { kind.contains(Int($0)) }
                    && !cleaned.row(r).contains { kind.contains(Int($0)) }
            }.count
            return Double(lost) / Double(rows.rows)
        }
        let test = split.test
        let clean = lose(test.features, sentiment)
        let victims = test.labels.indices.filter { test.labels[$0] == 0 }
        let triggered = attack.triggered(test.features.gatherRows(victims), rowIndices: victims)
        let fromTriggered = lose(triggered, negative)
        #expect(clean > 0.005 && clean < 0.06, "clean sentences losing sentiment \(clean)")
        #expect(
            fromTriggered < 1.5 * clean + 0.01,
            "triggered \(fromTriggered) against clean \(clean)")
    }

    // MARK: - End to end

    /// The poisoned model's key is made from the trigger's token: `trigger=cf`, `word=cf`, both, and
    /// the default plan one model, another word another; on text indices and two different
    /// words are refused at the parameter at fault, saying what to write.
    @Test func triggerWordAndItsAliasKeyOnePoisonedModel() throws {
        let s = scenario(.bag, epochs: 1)
        let recipe = try #require(s.roles.last?.recipe)
        let cost = try #require(BackdoorPlugin.spec.cost)
        func key(_ values: [String: ParameterValue]) throws -> String? {
            try cost.trainings(
                PluginCall(given: ParameterValues(values)),
                CostContext(recipe: recipe, scenario: s, seed: 1)
            ).first?.key
        }
        let plain = try #require(try key([:]))
        #expect(try key(["trigger": .text("cf")]) == plain)
        #expect(try key(["word": .text("cf")]) == plain)
        #expect(try key(["trigger": .text("cf"), "word": .text("CF")]) == plain)
        #expect(try key(["trigger": .text("zz")]) != plain)
        func refusal(_ values: [String: ParameterValue]) -> ScenarioError? {
            do {
                _ = try key(values)
                return nil
            } catch {
                return error as? ScenarioError
            }
        }
        #expect(
            refusal(["trigger": .list([.number(1), .number(2)])])
                == .invalidParameter(
                    name: "trigger",
                    message: "on text the trigger is a word, not feature indices [1, 2]",
                    suggestion: "give the word to insert, such as trigger=cf"))
        let clash = try #require(refusal(["trigger": .text("cf"), "word": .text("zz")]))
        #expect(clash.parameterName == "word")
        #expect(clash.suggestion?.contains("give only trigger=cf") == true)
    }

    func scenario(_ architecture: TextModelConfiguration.Encoder, epochs: Int) -> Scenario {
        let split = syntheticSplit(rows: 4000, seed: 7)
        var s = Scenario(
            datasetName: "synthetic", datasetParameters: ParameterValues(), data: split,
            memberFraction: 1, seed: 0)
        guard case .text(let length, let vocabulary) = split.train.modality else { return s }
        // The defaults of train fasttext and train transformer.
        let configuration = TextModelConfiguration(
            encoder: architecture, vocabulary: vocabulary.count, length: length, width: 64,
            head: [64])
        let recipe = Recipe(
            architecture: .text(configuration),
            optimizer: .adam(learningRate: architecture == .bag ? 1e-2 : 1e-3, weightDecay: 0),
            epochs: epochs, batchSize: 32, seed: 2)
        s.setModel(name: "text", recipe: recipe, label: "text", parameters: ParameterValues())
        return s
    }

    func values(_ role: RoleResult) -> [String: Double] {
        Dictionary(
            role.measurements.map { ($0.displayName, $0.value ?? .nan) },
            uniquingKeysWith: { a, _ in a })
    }

    @Test(arguments: [
        TextModelConfiguration.Encoder.bag, .transformer(layers: 1, hidden: 128),
    ])
    func textBadNetsSucceedsAtOnePercentAndOnionStopsIt(encoder: TextModelConfiguration.Encoder)
        throws
    {
        var s = scenario(encoder, epochs: encoder == .bag ? 10 : 5)
        let workbench = Workbench(cache: nil)
        let call = PluginCall(given: ParameterValues(["portion": .number(0.01)]))
        let experiment = Experiment(catalog: .builtIn, workbench: workbench, seed: 1, threads: 1)
        let plain = values(
            try #require(
                try experiment.evaluate(BackdoorPlugin.self, call: call, scenario: s).roles.first))
        // 1% of 2,000 members.
        #expect(plain["poisoning.poisoned_rows"] == 20)
        let success = try #require(plain["backdoor.p=1%.success_rate"])
        let clean = try #require(plain["backdoor.p=1%.clean_accuracy"])
        #expect(success >= 0.9, "\(encoder): success \(success)")
        #expect((plain["backdoor.p=1%.unpoisoned_success_rate"] ?? 1) < 0.2)
        #expect(clean > 0.9)
        // trigger=cf and its deprecated alias word=cf name the default word: the same poisoned
        // model (one cache key), the same success rate.
        for given in ["trigger", "word"] {
            let named = PluginCall(
                given: ParameterValues(["portion": .number(0.01), given: .text("cf")]))
            let role = try #require(
                try experiment.evaluate(BackdoorPlugin.self, call: named, scenario: s).roles.first)
            let rate = try #require(values(role)["backdoor.p=1%.success_rate"])
            #expect(rate == success && rate >= 0.9, "\(given)=cf: \(rate) against \(success)")
        }

        try s.setDefenses([(OnionPlugin.self, PluginCall())])
        let defended = values(
            try #require(
                try experiment.evaluate(BackdoorPlugin.self, call: call, scenario: s).roles.first {
                    $0.role == .defended
                }))
        // The issue's acceptance: below 0.2, within 3 points of the clean accuracy.
        let defendedSuccess = try #require(defended["backdoor.p=1%.success_rate"])
        #expect(defendedSuccess < 0.2, "\(encoder): onion success \(defendedSuccess)")
        let defendedClean = try #require(defended["backdoor.p=1%.clean_accuracy"])
        #expect(defendedClean >= clean - 0.03, "\(encoder): \(defendedClean) against \(clean)")
        #expect((defended["backdoor.p=1%.trigger_removal_rate"] ?? 0) > 0.8)
        // By default only the inputs are purified (about one word in a hundred).
        let removed = try #require(defended["backdoor.p=1%.input_words_removed"])
        #expect(removed > 0.02 && removed < 0.4, "words removed per input \(removed)")
        #expect(defended["onion.removed_per_sentence"] == nil)
    }
}
