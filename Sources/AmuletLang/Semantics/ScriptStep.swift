/// One cell of a script as a step-through shows it before running it: its place, and its
/// text with the comment lines written above it (a lesson's explanation of the cell).
public struct ScriptStep: Sendable, Equatable {
    /// Its position, from 0.
    public var index: Int
    /// How many cells the script has.
    public var count: Int
    /// The lines from the end of the previous cell to the end of this one: the comments and
    /// blank lines above it, then the cell, without leading or trailing blank lines.
    public var text: String
    /// The line the cell starts on.
    public var line: Int

    /// A step.
    public init(index: Int, count: Int, text: String, line: Int) {
        self.index = index
        self.count = count
        self.text = text
        self.line = line
    }

    /// The steps of `program`'s top-level statements, in order.
    public static func steps(of program: Program) -> [ScriptStep] {
        let lines = program.source.split(separator: "\n", omittingEmptySubsequences: false)
        var steps: [ScriptStep] = []
        var nextLine = 1
        for (index, statement) in program.statements.enumerated() {
            let first = max(1, min(nextLine, statement.range.start.line))
            // A range ends just after its last character: at column 1 it ends on the line before.
            let end = statement.range.end
            let last = max(statement.range.start.line, end.column == 1 ? end.line - 1 : end.line)
            let upper = max(first, min(last, lines.count))
            let shown = (first...upper).compactMap {
                $0 <= lines.count ? String(lines[$0 - 1]) : nil
            }
            let trimmed = shown.drop { $0.trimmingWhitespace().isEmpty }
            steps.append(
                ScriptStep(
                    index: index, count: program.statements.count,
                    text: trimmed.joined(separator: "\n"), line: statement.range.start.line))
            nextLine = last + 1
        }
        return steps
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
