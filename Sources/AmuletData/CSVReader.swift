/// A small RFC 4180 reader: comma-separated fields, double-quoted fields with `""` escapes and
/// embedded commas or newlines, CRLF or LF line ends.
///
/// Errors name the 1-based line and column (counted in characters) where the problem starts.
/// A NUL character is an error: it means a binary or UTF-16 file, never a table.
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
        /// Where each field starts (its first non-space character, or its opening quote), so
        /// errors about a cell can point at it.
        public var positions: [Position]

        /// A record; `positions` may be empty when not known.
        public init(fields: [String], line: Int, positions: [Position] = []) {
            self.fields = fields
            self.line = line
            self.positions = positions
        }

        /// The start of field `index`, falling back to the record's first column.
        public func position(ofField index: Int) -> Position {
            index < positions.count ? positions[index] : Position(line: line, column: 1)
        }
    }

    /// A 1-based line and column (in characters) in the source text.
    public struct Position: Sendable, Equatable {
        /// The 1-based line.
        public var line: Int
        /// The 1-based column, counted in characters.
        public var column: Int

        /// A position.
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// How many characters are read between polls of `isCancelled` (a few milliseconds).
    static let cancellationInterval = 1 << 16

    /// Parses `text` into records, skipping blank lines; `file` names the source in errors.
    ///
    /// `isCancelled` is polled every `cancellationInterval` characters; when it says yes the
    /// parse stops with `DataError.interrupted`.
    public func parse(_ text: String, file: String, isCancelled: () -> Bool = { false })
        throws(DataError) -> [Record]
    {
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
        var positions: [Position] = []
        var fieldStart: Position? = nil
        func finishField() {
            fields.append(quotedField || !trimsSpaces ? field : trim(field))
            positions.append(fieldStart ?? Position(line: line, column: max(column, 1)))
            fieldStart = nil
            field = ""
            quotedField = false
            afterQuote = false
        }
        var iterator = text.makeIterator()
        var pending: Character? = nil
        var untilPoll = Self.cancellationInterval
        while let character = pending ?? iterator.next() {
            pending = nil
            untilPoll -= 1
            if untilPoll == 0 {
                if isCancelled() { throw .interrupted }
                untilPoll = Self.cancellationInterval
            }
            column += 1
            if character == "\0" {
                throw .malformed(
                    file: file, line: line, column: column,
                    reason: "NUL character: this looks like a binary or UTF-16 file; "
                        + "save the table as UTF-8 text")
            }
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
                    fieldStart = Position(line: line, column: column)
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
                    records.append(Record(fields: fields, line: recordLine, positions: positions))
                }
                fields = []
                positions = []
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
                if fieldStart == nil && character != " " && character != "\t" {
                    fieldStart = Position(line: line, column: column)
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
                records.append(Record(fields: fields, line: recordLine, positions: positions))
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
