import AmuletData
import AmuletLang
import AmuletNotebook
import AmuletRisks
import AmuletTestSupport
import Foundation
import Testing

/// Runs every `Tests/Scripts/**/*.amu` and every lesson in `stdlib/lessons` in a fresh
/// session and checks its inline expectations:
/// `# expect: TEXT` — the output of the statement on that line contains TEXT;
/// `# expect ±TOL: TEXT` — as above, but each number of TEXT may differ by up to TOL (numbers of a
/// trained model: OpenBLAS picks its kernels by CPU, and sums in another order move the last
/// digits of a chaotic training such as DP-SGD's);
/// `# expect error L:C: MESSAGE` — the script fails there, with MESSAGE in the diagnostic;
/// `# needs data: FILE` — a lesson for users who fetched a large dataset: without FILE in the
/// data folder the script must stop at its first `load` with the fetch command and the size
/// of the download, and its other expectations wait for a machine with the data.
@Suite struct GoldenScriptTests {
    static let root = TestSupport.packageRoot()

    /// Script paths relative to the package root: the golden scripts, then the lessons.
    static var scripts: [String] {
        var found: [String] = []
        for folder in ["Tests/Scripts", "stdlib/lessons"] {
            let enumerator = FileManager.default.enumerator(
                atPath: root.appendingPathComponent(folder).path)
            while let path = enumerator?.nextObject() as? String {
                if path.hasSuffix(".amu") { found.append(folder + "/" + path) }
            }
        }
        return found.sorted()
    }

    static func interpreter() -> Interpreter {
        let settings = Settings(dataFolder: DataFolder(url: TestSupport.dataFolderURL()))
        return Interpreter(
            session: Session(settings: settings),
            environment: InterpreterEnvironment(
                workbench: Workbench(cache: nil), currentDirectory: root.path))
    }

    static func text(of outputs: [Output]) -> String {
        outputs.map { output -> String in
            switch output {
            case .text(let t), .note(let t), .warning(let t): return t
            case .table(let table): return TerminalRenderer(useColor: false).render(table)
            }
        }.joined(separator: "\n")
    }

    @Test func approximateExpectationsAllowTheToleranceAndNoMore() {
        let output = "mlp + dp(eps=1)  utility  accuracy     0.185  −0.751\nnext line 0.9"
        #expect(ApproximateText.matches("0.184  −0.752", in: output, tolerance: 0.03))
        #expect(ApproximateText.matches("accuracy 0.21 -0.73", in: output, tolerance: 0.03))
        #expect(!ApproximateText.matches("0.184  −0.752", in: output, tolerance: 0.0005))
        #expect(!ApproximateText.matches("0.25  −0.751", in: output, tolerance: 0.03))
        #expect(!ApproximateText.matches("precision 0.185", in: output, tolerance: 0.03))
    }

    @Test func scriptFolderIsNotEmpty() {
        #expect(GoldenScriptTests.scripts.count >= 8)
    }

    @Test(arguments: GoldenScriptTests.scripts)
    func scriptMeetsItsExpectations(_ path: String) throws {
        let file = GoldenScriptTests.root.appendingPathComponent(path)
        let source = try String(contentsOf: file, encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        var expectedText: [Int: String] = [:]
        var expectedNumbers: [Int: (text: String, tolerance: Double)] = [:]
        var expectedError: (line: Int, column: Int, message: String)?
        var needed: [String] = []
        for (index, line) in lines.enumerated() {
            if let range = line.range(of: "# needs data: ") {
                needed.append(
                    String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces))
            } else if let range = line.range(of: "# expect: ") {
                expectedText[index + 1] = String(line[range.upperBound...])
            } else if let range = line.range(of: "# expect ±"),
                let colon = line[range.upperBound...].firstIndex(of: ":"),
                let tolerance = Double(line[range.upperBound..<colon])
            {
                let text = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                expectedNumbers[index + 1] = (text, tolerance)
            } else if let range = line.range(of: "# expect error ") {
                let spec = line[range.upperBound...]
                let parts = spec.split(separator: ":", maxSplits: 2)
                if parts.count == 3, let l = Int(parts[0]), let c = Int(parts[1]) {
                    expectedError = (l, c, parts[2].trimmingCharacters(in: .whitespaces))
                }
            }
        }
        #expect(
            !expectedText.isEmpty || !expectedNumbers.isEmpty || expectedError != nil,
            "\(path) has no expectations")
        let (program, _) = Parser.parse(source: source, file: path)
        var interpreter = GoldenScriptTests.interpreter()
        var results: [CellResult] = []
        let ok = interpreter.runScript(source, file: path) { results.append($0) }
        let data = TestSupport.dataFolderURL()
        if let missing = needed.first(where: {
            !FileManager.default.fileExists(atPath: data.appendingPathComponent($0).path)
        }) {
            try Self.expectStopsAtItsFirstLoad(
                program: program, results: results, ok: ok, path: path, missing: missing)
            return
        }
        if let expectedError {
            #expect(!ok, "\(path) should fail")
            let diagnostics = results.flatMap(\.diagnostics)
            let match = diagnostics.first {
                $0.location?.line == expectedError.line
                    && $0.location?.column == expectedError.column
            }
            let found = diagnostics.map {
                "\($0.location.map { "\($0.line):\($0.column)" } ?? "?") \($0.message); \($0.suggestion ?? "")"
            }
            #expect(
                match != nil,
                "no diagnostic at \(expectedError.line):\(expectedError.column); got \(found)")
            if let match {
                let full = match.message + "; " + (match.suggestion ?? "")
                #expect(full.contains(expectedError.message), "got '\(full)'")
            }
        } else {
            let diagnostics = results.flatMap(\.diagnostics).map(\.description)
            #expect(ok, "\(path) failed: \(diagnostics)")
        }
        /// The output of the statement on `line`, or nil (recorded) when none ran there.
        func output(ofLine line: Int) -> String? {
            guard let index = program.statements.firstIndex(where: { $0.range.start.line == line }),
                index < results.count
            else {
                Issue.record("\(path):\(line): no statement ran on this line")
                return nil
            }
            return GoldenScriptTests.text(of: results[index].outputs)
        }
        for (line, expected) in expectedText {
            guard let output = output(ofLine: line) else { continue }
            #expect(
                output.contains(expected), "\(path):\(line): expected '\(expected)' in '\(output)'")
        }
        for (line, expected) in expectedNumbers {
            guard let output = output(ofLine: line) else { continue }
            #expect(
                ApproximateText.matches(expected.text, in: output, tolerance: expected.tolerance),
                "\(path):\(line): expected '\(expected.text)' ±\(expected.tolerance) in '\(output)'"
            )
        }
    }

    /// Checks that a lesson whose data file `missing` is absent stopped at its first `load`
    /// with a message naming the file, the command that fetches it and the download's size.
    static func expectStopsAtItsFirstLoad(
        program: Program, results: [CellResult], ok: Bool, path: String, missing: String
    ) throws {
        #expect(!ok, "\(path) ran without \(missing)")
        let load = try #require(
            program.statements.first {
                if case .command(let command) = $0 { return command.verb == .load }
                return false
            }, "\(path) has no load")
        let diagnostic = try #require(results.flatMap(\.diagnostics).first)
        #expect(diagnostic.location?.line == load.range.start.line, "\(diagnostic)")
        let text = diagnostic.message + "; " + (diagnostic.suggestion ?? "")
        #expect(text.contains(missing), "\(text)")
        #expect(text.contains("run 'scripts/fetch-data "), "\(text)")
        #expect(text.contains(" MB download)"), "\(text)")
    }
}
