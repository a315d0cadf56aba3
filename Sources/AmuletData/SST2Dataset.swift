import Foundation

/// `load sst2`: the Stanford Sentiment Treebank's binary task as GLUE distributes it.
///
/// GLUE's `SST-2.zip` holds `SST-2/train.tsv` (67,349 phrases) and `SST-2/dev.tsv` (872
/// sentences), each `sentence<TAB>label` with a header and no quoting; the test file has no
/// labels, so the dev split is the test split, as in the GLUE papers and the Python Amulet.
/// `scripts/fetch-data` downloads the archive, verifies its SHA-256 and unpacks the two files;
/// a load verifies the archive again and reads the unpacked files. The split is the official
/// one, so `test=` does not apply.
///
/// Reference: Socher et al., "Recursive Deep Models for Semantic Compositionality Over a
/// Sentiment Treebank", EMNLP 2013; Wang et al., "GLUE", ICLR 2019.
public enum SST2Dataset: BuiltInDataset {
    /// The archive `scripts/fetch-data` verifies.
    public static let archive = "SST-2.zip"

    public static let declaration = DatasetDeclaration(
        name: "sst2", summary: "SST-2 movie-review sentiment (GLUE): 67,349 train, 872 dev",
        explanation: "Binary sentiment of movie-review phrases and sentences from the Stanford "
            + "Sentiment Treebank, in GLUE's TSV files: the train file trains, the dev file "
            + "tests (the official split; test= does not apply). Sentences are lower-cased and "
            + "split into words and punctuation; words seen at least twice in training get an "
            + "id, the rest share the unknown id; each row keeps the first 32 tokens.",
        reference: "Socher et al., EMNLP 2013; Wang et al., GLUE, ICLR 2019",
        files: ["SST-2/train.tsv", "SST-2/dev.tsv"], download: "7 MB")

    public static func load(folder: DataFolder, seed: UInt64, testFraction: Double)
        throws(DataError) -> DataSplit
    {
        let (_, digest) = try folder.readVerifiedData(archive)
        let train = try corpus(folder, declaration.files[0])
        let dev = try corpus(folder, declaration.files[1])
        let classNames = ["negative", "positive"]
        func labels(_ corpus: TextCorpus, file: String) throws(DataError) -> [Int] {
            var out: [Int] = []
            for (i, label) in corpus.labels.enumerated() {
                guard let value = Int(label), value == 0 || value == 1 else {
                    throw .malformed(
                        file: file, line: i + 2, column: 1,
                        reason: "label '\(label)' is not 0 or 1")
                }
                out.append(value)
            }
            return out
        }
        var split = TextDataset.split(
            name: declaration.name, train: train.sentences,
            trainLabels: try labels(train, file: declaration.files[0]), test: dev.sentences,
            testLabels: try labels(dev, file: declaration.files[1]), classNames: classNames,
            encoding: TextDataset.Encoding(),
            identity: "sst2|sha256=\(digest)|skipped=\(train.skippedLines + dev.skippedLines)")
        split.notes = [
            train.skippedNote(file: declaration.files[0]),
            dev.skippedNote(file: declaration.files[1]),
        ].compactMap { $0 }
        return split
    }

    static func corpus(_ folder: DataFolder, _ file: String) throws(DataError) -> TextCorpus {
        let path = folder.url.appendingPathComponent(file).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingFile(path: path, fetchCommand: DataFolder.fetchCommand)
        }
        return try TextCorpus.parse(data, file: file)
    }
}
