import AmuletData
import AmuletTensor
import Foundation
import Testing

/// Tokenisation, vocabulary, corpus files and the generated corpus; fuzzed readers.
@Suite struct TextDataTests {
    @Test func tokenizerLowercasesAndSplitsWordsFromPunctuation() {
        let tokens = TextTokenizer().tokens("It's a WELL-made film, isn't it?!  (Yes.)")
        #expect(
            tokens == [
                "it's", "a", "well-made", "film", ",", "isn't", "it", "?", "!", "(", "yes", ".",
                ")",
            ])
        #expect(TextTokenizer().tokens("  \t\n ").isEmpty)
        #expect(TextTokenizer().tokens("-x- 'a'") == ["-", "x", "-", "'", "a", "'"])
    }

    @Test func tokenizerCutsOverlongWords() {
        let tokens = TextTokenizer(maximumWordLength: 4).tokens("abcdefgh ij")
        #expect(tokens == ["abcd", "ij"])
    }

    @Test func vocabularyKeepsWordsSeenAtLeastTheMinimumCountMostFrequentFirst() {
        let vocabulary = TextVocabulary(
            counting: [["b", "a", "c"], ["a", "b", "a"], ["d"]], minimumCount: 2)
        // a: 3, b: 2; c and d once.
        #expect(vocabulary.words == ["<pad>", "<unk>", "a", "b"])
        #expect(vocabulary.encode(["b", "c", "a"], length: 5) == [3, 1, 2, 0, 0])
        #expect(vocabulary.encode(["a", "a", "a"], length: 2) == [2, 2])
        #expect(vocabulary.decode([3, 1, 0]) == ["b", "<unk>"])
        #expect(vocabulary.adding("cf").id(of: "cf") == 4)
        let data = try? JSONEncoder().encode(vocabulary)
        #expect(
            data.flatMap { try? JSONDecoder().decode(TextVocabulary.self, from: $0) } == vocabulary)
    }

    @Test func tsvCorpusSkipsAndCountsLinesThatAreNotRecords() throws {
        let text = "sentence\tlabel\na fine film .\t1\n\nno label here\t\n?? \t0\nonly one field\n"
        let corpus = try TextCorpus.parse(Data(text.utf8), file: "t.tsv")
        #expect(corpus.sentences == ["a fine film .", "?? "])
        #expect(corpus.labels == ["1", "0"])
        // The empty line, the empty label and the one-field line.
        #expect(corpus.skippedLines == 3)
        #expect(corpus.classNames == ["0", "1"])
    }

    @Test func csvCorpusReadsQuotedSentencesAndASensitiveColumn() throws {
        let text = "text,label,group\n\"good, really\",pos,a\nbad,neg,b\n"
        let corpus = try TextCorpus.parse(
            Data(text.utf8), file: "t.csv",
            columns: TextCorpus.Columns(text: "text", label: "label", sensitive: "group"))
        #expect(corpus.sentences == ["good, really", "bad"])
        #expect(corpus.sensitive == ["a", "b"])
        #expect(corpus.classNames == ["neg", "pos"])
    }

    @Test func corpusWithoutTheNamedColumnIsAnErrorListingTheColumns() {
        #expect(
            throws: DataError.unknownColumn(
                file: "t.tsv", column: "sentence", available: ["x", "label"])
        ) {
            try TextCorpus.parse(Data("x\tlabel\nhi\t1\n".utf8), file: "t.tsv")
        }
    }

    /// Random bytes, invalid UTF-8, empty lines and a 1 MB line: an error or skipped lines.
    @Test func corpusReaderSurvivesFuzzedInput() throws {
        var rng = SeededGenerator(seed: 77)
        var cases: [Data] = [
            Data(),
            Data([0xFF, 0xFE, 0x80, 0x0A, 0xC3]),
            Data("sentence\tlabel\n\n\n\n".utf8),
            Data("sentence\tlabel\n".utf8) + Data([0xC3, 0x28, 0x09, 0x31, 0x0A]),
            Data("sentence\tlabel\n".utf8) + Data(String(repeating: "a", count: 1 << 20).utf8)
                + Data("\t1\nok\t0\n".utf8),
            Data("text,label\n\"unterminated,1\n".utf8),
        ]
        for _ in 0..<40 {
            let count = rng.integer(below: 400)
            cases.append(
                Data("sentence\tlabel\n".utf8)
                    + Data((0..<count).map { _ in UInt8(rng.integer(below: 256)) }))
        }
        for data in cases {
            do {
                let corpus = try TextCorpus.parse(data, file: "fuzz.tsv")
                #expect(corpus.sentences.count == corpus.labels.count)
                #expect(!corpus.sentences.isEmpty)
            } catch {
                // An error naming the file is the other allowed outcome.
                #expect("\(error)".contains("fuzz.tsv"))
            }
        }
        let long = try TextCorpus.parse(cases[4], file: "long.tsv")
        #expect(long.sentences.count == 2)
        #expect(TextTokenizer().tokens(long.sentences[0]) == [String(repeating: "a", count: 64)])
    }

    @Test func textDatasetBuildsTheVocabularyFromTrainingSentencesOnly() {
        let split = TextDataset.split(
            name: "t", train: ["good film", "good plot", "bad film"], trainLabels: [1, 1, 0],
            test: ["unseen good"], testLabels: [1], classNames: ["neg", "pos"],
            encoding: TextDataset.Encoding(length: 3, minimumCount: 2), identity: "t")
        guard case .text(let length, let vocabulary) = split.train.modality else {
            Issue.record("not text")
            return
        }
        #expect(length == 3)
        // good: 2, film: 2 (ties alphabetical); plot, bad once.
        #expect(vocabulary.words == ["<pad>", "<unk>", "film", "good"])
        #expect(split.train.features.row(2) == [1, 2, 0])
        #expect(split.test.features.row(0) == [1, 3, 0])
    }

    @Test func syntheticCorpusIsSeededBalancedAndCarriesItsLabelInSentimentWords() {
        let a = SyntheticTextCorpus.make(rows: 200, correlation: 0.5, seed: 3)
        let b = SyntheticTextCorpus.make(rows: 200, correlation: 0.5, seed: 3)
        #expect(a.sentences == b.sentences && a.labels == b.labels)
        #expect(a.labels.filter { $0 == 1 }.count == 100)
        let positive = Set(["good", "great", "wonderful", "brilliant", "charming", "delightful"])
        for (sentence, label) in zip(a.sentences, a.labels) {
            let words = Set(TextTokenizer().tokens(sentence))
            if !words.isDisjoint(with: positive) { #expect(label == 1, "\(sentence)") }
        }
    }
}
