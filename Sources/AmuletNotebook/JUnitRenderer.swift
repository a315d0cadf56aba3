/// One test case of a JUnit report: an assertion, or a cell that failed.
public struct JUnitCase: Sendable, Equatable {
    /// The case's name, such as `assert accuracy > 0.8`.
    public var name: String
    /// Wall-clock seconds, or 0 when not measured.
    public var seconds: Double
    /// Why the case failed, or nil when it passed.
    public var failure: JUnitFailure?
    /// Why the case did not run, or nil when it ran.
    public var skipped: String?

    /// A test case.
    public init(
        name: String, seconds: Double = 0, failure: JUnitFailure? = nil, skipped: String? = nil
    ) {
        self.name = name
        self.seconds = seconds
        self.failure = failure
        self.skipped = skipped
    }

    /// Whether the case is an error (a cell that failed otherwise than on an assertion).
    public var isError: Bool { failure?.type == JUnitFailure.errorType }
}

/// A failed case's one-line message, its kind (`assertion` or `error`) and full text.
public struct JUnitFailure: Sendable, Equatable {
    /// One line, shown by CI summaries.
    public var message: String
    /// `assertion` for a failed `assert`, `error` for a cell that failed otherwise.
    public var type: String
    /// The full text, such as the rendered diagnostic.
    public var text: String

    /// The type of a failed `assert`: written as a `<failure>`.
    public static let assertionType = "assertion"
    /// The type of a cell that failed otherwise: written as an `<error>`, counted in `errors`.
    public static let errorType = "error"

    /// A failure.
    public init(message: String, type: String, text: String) {
        self.message = message
        self.type = type
        self.text = text
    }
}

/// Renders test cases as JUnit XML: `testsuites` › `testsuite` › `testcase` › `failure`,
/// `error` or `skipped`.
///
/// The shape is the one CI systems read (Jenkins, GitLab, GitHub test reporters): counts on
/// the suite (`tests`, `failures`, `errors`, `skipped`, `time`), one `testcase` per case with
/// `classname`, `name` and `time`, a `failure` element for a failed assertion, an `error`
/// element for a case of type `error` and a `skipped` element for a case that did not run,
/// each with a `message`. Text is XML-escaped. `Tests/Fixtures/junit/junit.xsd` is the schema
/// the tests validate against.
///
/// Reference: the JUnit XML format of Apache Ant's `XMLJUnitResultFormatter`, as Jenkins'
/// JUnit plug-in documents it.
public struct JUnitRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The XML document for one suite named `suite`; `seconds` is the whole run's time
    /// (default: the sum of the cases').
    public func render(suite: String, cases: [JUnitCase], seconds: Double? = nil) -> String {
        let errors = cases.filter(\.isError).count
        let failures = cases.filter { $0.failure != nil }.count - errors
        let skipped = cases.filter { $0.skipped != nil && $0.failure == nil }.count
        let total = seconds ?? cases.reduce(0) { $0 + $1.seconds }
        let name = Self.escape(suite)
        let counts =
            "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" "
            + "skipped=\"\(skipped)\" time=\"\(Self.seconds(total))\""
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites \(counts)>\n"
        xml += "  <testsuite name=\"\(name)\" \(counts)>\n"
        for testCase in cases {
            let open =
                "    <testcase classname=\"\(name)\" name=\"\(Self.escape(testCase.name))\" "
                + "time=\"\(Self.seconds(testCase.seconds))\""
            if let failure = testCase.failure {
                let element = testCase.isError ? "error" : "failure"
                xml += open + ">\n"
                xml +=
                    "      <\(element) message=\"\(Self.escape(failure.message))\" "
                    + "type=\"\(Self.escape(failure.type))\">\(Self.escape(failure.text))"
                    + "</\(element)>\n"
                xml += "    </testcase>\n"
            } else if let reason = testCase.skipped {
                xml += open + ">\n"
                xml += "      <skipped message=\"\(Self.escape(reason))\"/>\n"
                xml += "    </testcase>\n"
            } else {
                xml += open + "/>\n"
            }
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
