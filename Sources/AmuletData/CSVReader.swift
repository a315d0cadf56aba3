/// A small RFC 4180 reader: comma-separated fields, double-quoted fields with `""` escapes and
/// embedded commas or newlines, CRLF or LF line ends.
///
/// Errors name the 1-based line and column where the problem starts.
public struct CSVReader: Sendable {
    /// Field separator (`,` by default).
    public var separator: Character
    /// Trims spaces around unquoted fields (UCI files write `, ` between fields).
    public var trimsSpaces: Bool

    /// A reader.
    public init(separator: Character = ",", trimsSpaces: Bool = true) {
        self.separator = separator
        self.trimsSpaces = trimsSpaces
    }

    /// One parsed record with the line it started on.
    public struct Record: Sendable, Equatable {
        /// The fields.
        public var fields: [String]
        /// The 1-based line number where the record starts.
        public var line: Int
    }

    /// Parses `text` into records, skipping blank lines; `file` names the source in errors.
    public func parse(_ text: String, file: String) throws(DataError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quotedField = false
        var line = 1
        var column = 0
        var recordLine = 1
        var quoteLine = 1
        var quoteColumn = 1
        var afterQuote = false
        func finishField() {
            fields.append(quotedField || !trimsSpaces ? field : trim(field))
            field = ""
            quotedField = false
            afterQuote = false
        }
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            column += 1
            if inQuotes {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                            column += 1
                        } else {
                            inQuotes = false
                            afterQuote = true
                            pending = next
                        }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if character == "\n" || character == "\r\n" {
                        line += 1
                        column = 0
                    }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                if field.allSatisfy({ $0 == " " }) && !afterQuote {
                    inQuotes = true
                    quotedField = true
                    field = ""
                    quoteLine = line
                    quoteColumn = column
                } else {
                    throw .malformed(
                        file: file, line: line, column: column,
                        reason: "unexpected quote inside an unquoted field")
                }
            case separator:
                finishField()
            case "\n", "\r\n", "\r":
                finishField()
                if !(fields.count == 1 && fields[0].isEmpty) {
                    records.append(Record(fields: fields, line: recordLine))
                }
                fields = []
                line += 1
                column = 0
                recordLine = line
            default:
                if afterQuote {
                    if character == " " { continue }
                    throw .malformed(
                        file: file, line: line, column: column,
                        reason: "text after a closing quote; expected ',' or end of line")
                }
                field.append(character)
            }
        }
        if inQuotes {
            throw .malformed(
                file: file, line: quoteLine, column: quoteColumn,
                reason: "quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || quotedField {
            finishField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(fields: fields, line: recordLine))
            }
        }
        return records
    }

    private func trim(_ text: String) -> String {
        var slice = Substring(text)
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
