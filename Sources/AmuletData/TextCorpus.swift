import Foundation

/// Labelled sentences read from a TSV or CSV file with a header: a text column, a label column
/// and optionally a sensitive-attribute column.
///
/// TSV is read as GLUE writes it (no quoting: a field ends at the next tab); CSV follows
/// RFC 4180 through `CSVReader`. Lines that cannot be a record — empty, too few fields, an
/// empty label, a sentence with no token — are skipped and counted, never fatal: corpora
/// scraped from the web routinely carry a few. A file with no usable line, or without the
/// named columns, is an error naming the file (and the columns it has). Invalid UTF-8 is
/// replaced by U+FFFD when the bytes are decoded, so it can only make a token odd, not crash.
public struct TextCorpus: Sendable, Equatable {
    /// The sentences, in file order.
    public var sentences: [String]
    /// Each sentence's label as written in the file.
    public var labels: [String]
    /// Each sentence's sensitive value as written, when a sensitive column was named.
    public var sensitive: [String]?
    /// Lines that were not records (empty, short, or without label or text).
    public var skippedLines: Int

    /// A corpus.
    public init(sentences: [String], labels: [String], sensitive: [String]?, skippedLines: Int) {
        self.sentences = sentences
        self.labels = labels
        self.sensitive = sensitive
        self.skippedLines = skippedLines
    }

    /// The columns of a corpus file.
    public struct Columns: Sendable, Equatable {
        /// The text column's header (such as `sentence`).
        public var text: String
        /// The label column's header.
        public var label: String
        /// The sensitive column's header, if any.
        public var sensitive: String?

        /// Column names; GLUE's are `sentence` and `label`.
        public init(text: String = "sentence", label: String = "label", sensitive: String? = nil) {
            self.text = text
            self.label = label
            self.sensitive = sensitive
        }
    }

    /// Parses `data` from `file`; the separator is a tab when the header line holds one,
    /// else a comma.
    public static func parse(
        _ data: Data, file: String, columns: Columns = Columns(),
        tokenizer: TextTokenizer = TextTokenizer()
    ) throws(DataError) -> TextCorpus {
        let text = String(decoding: data, as: UTF8.self)
        let headerEnd = text.firstIndex(where: \.isNewline) ?? text.endIndex
        let header = text[text.startIndex..<headerEnd]
        let records: [[String]]
        if header.contains("\t") {
            records = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
                .map { line in
                    line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                }
        } else {
            // CSV: a record may span lines inside quotes; a malformed quote is the reader's error.
            records = try CSVReader().parse(text, file: file).map(\.fields)
        }
        guard let first = records.first else {
            throw .malformed(file: file, line: 1, column: 1, reason: "the file is empty")
        }
        let names = first.map { $0.trimmingCharacters(in: .whitespaces) }
        func index(of name: String) throws(DataError) -> Int {
            guard let i = names.firstIndex(of: name) else {
                throw .unknownColumn(file: file, column: name, available: names)
            }
            return i
        }
        let textIndex = try index(of: columns.text)
        let labelIndex = try index(of: columns.label)
        var sensitiveIndex: Int?
        if let name = columns.sensitive { sensitiveIndex = try index(of: name) }
        let needed = max(textIndex, labelIndex, sensitiveIndex ?? 0) + 1
        var corpus = TextCorpus(
            sentences: [], labels: [], sensitive: sensitiveIndex == nil ? nil : [],
            skippedLines: 0)
        for (index, fields) in records.enumerated().dropFirst() {
            guard fields.count >= needed else {
                // The file's final newline leaves one empty line behind; it is not a record.
                let isFinalNewline =
                    index == records.count - 1 && fields.count == 1 && fields[0].isEmpty
                if !isFinalNewline { corpus.skippedLines += 1 }
                continue
            }
            let label = fields[labelIndex].trimmingCharacters(in: .whitespaces)
            let sentence = fields[textIndex]
            guard !label.isEmpty, !tokenizer.tokens(sentence).isEmpty else {
                corpus.skippedLines += 1
                continue
            }
            corpus.sentences.append(sentence)
            corpus.labels.append(label)
            if let sensitiveIndex {
                corpus.sensitive?.append(
                    fields[sensitiveIndex].trimmingCharacters(in: .whitespaces))
            }
        }
        guard !corpus.sentences.isEmpty else {
            throw .malformed(
                file: file, line: 2, column: 1,
                reason: "no line has a sentence and a label (\(corpus.skippedLines) skipped)")
        }
        return corpus
    }

    /// What a load says about the lines of `file` it skipped, or nil when it skipped none.
    public func skippedNote(file: String) -> String? {
        guard skippedLines > 0 else { return nil }
        return "skipped \(skippedLines) line\(skippedLines == 1 ? "" : "s") of '\(file)' that "
            + "held no sentence with a label (empty, too few fields, no label or no word); "
            + "read \(sentences.count) sentences"
    }

    /// The distinct labels in class order: numeric order when every label is an integer,
    /// else sorted as text.
    public var classNames: [String] {
        let distinct = Array(Set(labels))
        let numbers = distinct.compactMap { Int($0) }
        if numbers.count == distinct.count { return numbers.sorted().map(String.init) }
        return distinct.sorted()
    }
}
