/// Turns diagnostics into the text a user reads: a header, the source line and a caret.
///
/// ```
/// file.amu:3:8: error: unknown attack 'mai'
///   3 | attack mai shadows=16
///     |        ^~~ did you mean 'mia'?
/// ```
/// Without a source line the suggestion goes on its own `  help: …` line. ANSI colour is used
/// only when `useColor` is set, so the same renderer serves terminals, files and tests.
///
/// Control characters from the source (C0 other than tab, DEL and C1) are shown escaped, as
/// `\u{1B}`, so a diagnostic never sends the terminal an escape sequence or a bell; the caret
/// is placed under the escaped text.
public struct DiagnosticRenderer: Sendable, Equatable {
    /// Whether to wrap parts of the output in ANSI colour escapes.
    public var useColor: Bool

    /// Creates a renderer; colour is off unless asked for.
    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    /// Renders several diagnostics, one after another, separated by newlines.
    public func render(_ diagnostics: [Diagnostic], source: String?) -> String {
        diagnostics.map { render($0, source: source) }.joined(separator: "\n")
    }

    /// Renders one diagnostic; `source` is the text its location refers to, if available.
    ///
    /// The result has no trailing newline.
    public func render(_ diagnostic: Diagnostic, source: String?) -> String {
        var lines = [header(for: diagnostic)]
        if let location = diagnostic.location, let source,
            let text = SourceLines(source).line(location.line)
        {
            lines += excerpt(text, location: location, diagnostic: diagnostic)
        } else if let suggestion = diagnostic.suggestion {
            lines.append("  " + paint("help:", .bold) + " " + suggestion)
        }
        return lines.joined(separator: "\n")
    }

    private func header(for diagnostic: Diagnostic) -> String {
        let severity = diagnostic.severity.rawValue + ":"
        let colour: Style
        switch diagnostic.severity {
        case .error: colour = .red
        case .warning: colour = .yellow
        case .note: colour = .cyan
        }
        let message = Self.escapingControls(diagnostic.message)
        let body = paint(severity, colour) + paint(" " + message, .bold)
        guard let location = diagnostic.location else { return body }
        return paint(Self.escapingControls("\(location): "), .bold) + body
    }

    /// The numbered source line and the caret line under it.
    private func excerpt(
        _ text: Substring, location: SourceLocation, diagnostic: Diagnostic
    ) -> [String] {
        let number = String(location.line)
        let blank = String(repeating: " ", count: number.count)
        // Each source Character as shown: itself, or its escape when it is a control.
        let shown = text.map { Self.escapingControls(String($0)) }
        let sourceLine =
            "  " + paint(number + " |", .blue) + (text.isEmpty ? "" : " " + shown.joined())
        let column = min(max(location.column, 1), text.count + 1)
        // Keep tabs from the source so the caret lines up however the terminal sets tab stops.
        let indent = shown.prefix(column - 1).map {
            $0 == "\t" ? "\t" : String(repeating: " ", count: $0.count)
        }.joined()
        let available = max(1, text.count - column + 1)
        let width = min(max(diagnostic.length, 1), available)
        let underlined = shown.dropFirst(column - 1).prefix(width).map(\.count).reduce(0, +)
        let marker = "^" + String(repeating: "~", count: max(underlined, 1) - 1)
        var caretLine = "  " + paint(blank + " |", .blue) + " " + indent + paint(marker, .green)
        if let suggestion = diagnostic.suggestion {
            caretLine += " " + paint(Self.escapingControls(suggestion), .green)
        }
        return [sourceLine, caretLine]
    }

    /// `text` with every control character but tab (or every scalar `isEscaped` picks) written
    /// as an escape such as `\u{1B}`.
    ///
    /// Covers C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F), the characters a
    /// terminal may act on instead of showing.
    static func escapingControls(
        _ text: String, where isEscaped: (Unicode.Scalar) -> Bool = isControl
    ) -> String {
        guard text.unicodeScalars.contains(where: isEscaped) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) {
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Whether a terminal might act on `scalar` rather than print it; tab is allowed.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// ANSI styles used by the renderer.
    private enum Style: String {
        case bold = "1"
        case red = "1;31"
        case yellow = "1;33"
        case cyan = "1;36"
        case blue = "34"
        case green = "1;32"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        guard useColor, !text.isEmpty else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }
}
