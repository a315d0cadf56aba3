/// A file a report writes besides its main one, such as a chart's SVG beside a Markdown report.
public struct ReportFile: Sendable, Equatable {
    /// The file's name, relative to the report's folder.
    public var name: String
    /// Its text.
    public var contents: String

    /// A file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}
