import AmuletLang
import Testing

@Suite("Suggestion")
struct SuggestionTests {
    static let verbs = Verb.allCases.map(\.rawValue)

    @Test(arguments: [
        ("traim", "train"), ("trian", "train"), ("meaure", "measure"), ("TRAIN", "train"),
        ("expor", "export"), ("comp", "compare"), ("undefned", "undefend"),
    ])
    func misspeltVerbsSuggestTheIntendedVerb(typed: String, expected: String) {
        #expect(Suggestion.closest(to: typed, among: Self.verbs) == expected)
    }

    @Test func transpositionCountsAsOneEdit() {
        #expect(Suggestion.editDistance("epohcs", "epochs") == 1)
        #expect(Suggestion.closest(to: "epohcs", among: ["lr", "epochs", "batch"]) == "epochs")
    }

    @Test func editDistanceMatchesHandCountedValues() {
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance("lira2", "lira") == 1)
        #expect(Suggestion.editDistance("ca", "abc") == 3)
    }

    @Test func farNamesGetNoSuggestion() {
        #expect(Suggestion.closest(to: "xyzzy", among: Self.verbs) == nil)
        #expect(Suggestion.closest(to: "a", among: ["b", "c"]) == nil)
        #expect(Suggestion.closest(to: "", among: Self.verbs) == nil)
        #expect(Suggestion.closest(to: "lira", among: []) == nil)
    }

    @Test func tiesGoToTheEarlierCandidate() {
        #expect(Suggestion.closest(to: "lira2", among: ["lira", "lira3"]) == "lira")
        #expect(Suggestion.closest(to: "lira2", among: ["lira3", "lira"]) == "lira3")
    }

    @Test func didYouMeanWrapsTheName() {
        #expect(Suggestion.didYouMean("lira2", among: ["mia", "lira"]) == "did you mean 'lira'?")
        #expect(Suggestion.didYouMean("zzz", among: ["mia", "lira"]) == nil)
    }
}
