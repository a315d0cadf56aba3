/// One test case of a JUnit report: an assertion, or a cell that failed.
public struct JUnitCase: Sendable, Equatable {
    /// The case's name, such as `assert accuracy > 0.8`.
    public var name: String
    /// Wall-clock seconds, or 0 when not measured.
    public var seconds: Double
    /// Why the case failed, or nil when it passed.
    public var failure: JUnitFailure?

    /// A test case.
    public init(name: String, seconds: Double = 0, failure: JUnitFailure? = nil) {
        self.name = name
        self.seconds = seconds
        self.failure = failure
    }
}

/// A failed case's one-line message, its kind (`assertion` or `error`) and full text.
public struct JUnitFailure: Sendable, Equatable {
    /// One line, shown by CI summaries.
    public var message: String
    /// `assertion` for a failed `assert`, `error` for a cell that failed otherwise.
    public var type: String
    /// The full text, such as the rendered diagnostic.
    public var text: String

    /// A failure.
    public init(message: String, type: String, text: String) {
        self.message = message
        self.type = type
        self.text = text
    }
}

/// Renders test cases as JUnit XML: `testsuites` › `testsuite` › `testcase` › `failure`.
///
/// The shape is the one CI systems read (Jenkins, GitLab, GitHub test reporters): counts on
/// the suite, one `testcase` per case with `classname`, `name` and `time`, and a `failure`
/// element with `message` and `type` attributes for each failed case. Text is XML-escaped.
///
/// Reference: the JUnit XML schema as used by Apache Ant's `junitreport` (JUnit.xsd).
public struct JUnitRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The XML document for one suite named `suite`.
    public func render(suite: String, cases: [JUnitCase]) -> String {
        let failures = cases.filter { $0.failure != nil }.count
        let total = cases.reduce(0) { $0 + $1.seconds }
        let name = Self.escape(suite)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        xml +=
            "  <testsuite name=\"\(name)\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
            + "errors=\"0\" skipped=\"0\" time=\"\(Self.seconds(total))\">\n"
        for testCase in cases {
            let open =
                "    <testcase classname=\"\(name)\" name=\"\(Self.escape(testCase.name))\" "
                + "time=\"\(Self.seconds(testCase.seconds))\""
            guard let failure = testCase.failure else {
                xml += open + "/>\n"
                continue
            }
            xml += open + ">\n"
            xml +=
                "      <failure message=\"\(Self.escape(failure.message))\" "
                + "type=\"\(Self.escape(failure.type))\">\(Self.escape(failure.text))</failure>\n"
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`, and drops control characters XML 1.0 forbids.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n", "\t", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }

    /// Seconds with millisecond precision, as JUnit's `time` attribute.
    private static func seconds(_ value: Double) -> String {
        let milliseconds = Int((max(0, value) * 1000).rounded())
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count)
            + fraction
    }
}
