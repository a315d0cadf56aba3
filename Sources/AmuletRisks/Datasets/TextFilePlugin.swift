import AmuletData
import AmuletTensor
import Foundation

/// `load text file=… text=sentence label=label sensitive=…`: the user's own labelled sentences.
public enum TextFilePlugin: DatasetPlugin {
    static let file = OptionalParameter<String>(
        "file", type: .path, required: true, doc: "the TSV or CSV file (with a header row)")
    static let textColumn = Parameter<String>(
        "text", default: "sentence", doc: "the column holding the sentences")
    static let labelColumn = Parameter<String>(
        "label", default: "label", doc: "the column holding the labels")
    static let sensitive = OptionalParameter<String>(
        "sensitive", doc: "a column to keep as a binary sensitive attribute")
    static let length = Parameter<Int>(
        "length", default: 32, range: 1...4096, doc: "tokens kept per sentence")
    static let minimumCount = Parameter<Int>(
        "min_count", default: 2, range: 1...1_000_000,
        doc: "occurrences in training a word needs to get its own id")

    public static let spec = PluginSpec(
        name: "text", kind: .dataset,
        summary: "your own labelled sentences: a TSV or CSV file with a header",
        risk: .utility,
        explanation: "Reads a tab-separated file (as GLUE writes them, no quoting) or a CSV file "
            + "(RFC 4180 quoting) with a header row; text= and label= name the columns. "
            + "Sentences are lower-cased and split into words and punctuation; a vocabulary "
            + "of the training words seen at least min_count= times gives each an id, the "
            + "rest share the unknown id; each row keeps the first length= tokens. Lines "
            + "without a sentence or a label are skipped and counted in the load message.",
        parameters: [
            file.spec, textColumn.spec, labelColumn.spec, sensitive.spec, length.spec,
            minimumCount.spec,
        ] + DatasetParameters.common.map(\.spec))

    public static func load(_ call: PluginCall, context: DataContext) throws -> DataSplit {
        guard let path = call[file] else { throw ScenarioError.invalid("load text needs file=") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError.invalid("load text: cannot read '\(path)'")
        }
        let columns = TextCorpus.Columns(
            text: call[textColumn], label: call[labelColumn], sensitive: call[sensitive])
        let corpus = try TextCorpus.parse(data, file: path, columns: columns)
        guard corpus.classNames.count >= 2 else {
            throw ScenarioError.invalid(
                "load text: every sentence of '\(path)' has the label "
                    + "'\(corpus.labels.first ?? "")'; a classifier needs two classes")
        }
        let encoding = TextDataset.Encoding(
            length: call[length], minimumCount: call[minimumCount])
        var split = TextDataset.split(
            name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
            corpus: corpus, sensitiveName: call[sensitive], seed: context.seed,
            testFraction: call[DatasetParameters.test], encoding: encoding,
            identity:
                "text|sha256=\(data.withUnsafeBytes { SHA256.hex(of: $0) })|columns=\(columns.text),"
                + "\(columns.label),\(columns.sensitive ?? "")|skipped=\(corpus.skippedLines)")
        let name = URL(fileURLWithPath: path).lastPathComponent
        if let note = corpus.skippedNote(file: name) { split.notes.append(note) }
        return split
    }
}
