import AmuletTestSupport
import Foundation
import Testing

/// Renders the HTML report of a real session (DP, LiRA, fairness) in headless Chromium and
/// checks, by a script run in the page and by a screenshot, that the summary, the ROC chart
/// and the fairness bars are there and visible with non-zero boxes.
///
/// Needs the release binary (`swift build -c release --product amulet`) and Debian's
/// `chromium-headless-shell` (installed by `scripts/setup`); without it the test fails and
/// says so. Every file it writes, Chromium's profile included, is inside a temporary folder.
@Suite(.serialized) struct ReportBrowserTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-report-\(UUID().uuidString)")

    static let session = """
        set seed=3
        load adult members=0.08
        train mlp epochs=10 batch=64 lr=0.003
        defend dp eps=8
        attack mia shadows=4
        measure fairness attribute=sex
        measure accuracy
        show scenario
        report report.html
        report report.md
        """

    /// Measures, inside the page, the boxes of what the report must show, and writes them as
    /// JSON into a `<pre id="probe">` that `--dump-dom` returns.
    static let probe = """
        <script>
        (function () {
          function box(e) {
            if (!e) return null;
            var r = e.getBoundingClientRect(), s = getComputedStyle(e);
            return {w: r.width, h: r.height, shown: (s.display !== 'none' && s.visibility !== 'hidden') ? 1 : 0};
          }
          function all(q) { return Array.prototype.slice.call(document.querySelectorAll(q)); }
          var summary = document.getElementById('summary');
          var result = {
            summary: box(summary),
            summaryText: summary ? summary.innerText : '',
            roc: all('svg.roc-chart').map(box),
            rocCurves: all('svg.roc-chart polyline.roc-curve').map(box),
            groups: all('svg.group-bar-chart').map(box),
            visibleBars: all('svg.group-bar-chart rect.bar').filter(function (e) {
              var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0;
            }).length,
            overflowingText: all('pre').filter(function (e) {
              return e.scrollWidth > e.clientWidth + 1;
            }).length
          };
          var pre = document.createElement('pre');
          pre.id = 'probe';
          pre.textContent = JSON.stringify(result);
          document.body.appendChild(pre);
        })();
        </script>
        """

    static let missingBrowser: Comment =
        "chromium-headless-shell is missing: run scripts/setup (it installs Debian's chromium-headless-shell with apt-get)"

    /// The browser: `$CHROMIUM` if set, else Debian's `chromium-headless-shell` on the PATH.
    static func browser() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["CHROMIUM"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        let path = environment["PATH"] ?? "/usr/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/lib/chromium"] {
            let candidate = "\(directory)/chromium-headless-shell"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` in `folder` with a deadline; returns its status and standard output.
    func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        seconds: Double
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        // Standard output goes to a file, not a pipe, so a large DOM cannot fill a pipe's
        // buffer and stall the process.
        let outputFile = folder.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            Issue.record("\(executable) did not finish within \(Int(seconds)) s")
        }
        process.waitUntilExit()
        let data = try Data(contentsOf: outputFile)
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The browser's arguments: headless, no sandbox (tests may run as root), its profile and
    /// crash dumps inside the temporary folder.
    func chromiumArguments(_ extra: [String]) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", "--window-size=1200,2400",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--crash-dumps-dir=\(folder.appendingPathComponent("crashes").path)",
        ] + extra
    }

    @Test func reportOfAPrivacyFairnessSessionRendersInChromium() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let chromium = Self.browser() else {
            Issue.record(Self.missingBrowser)
            return
        }
        let binary = TestSupport.packageRoot().appendingPathComponent(".build/release/amulet")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the release binary first: swift build -c release --product amulet")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(Self.session.utf8).write(to: folder.appendingPathComponent("session.amu"))
        // Reuse the run's model cache when the test command set one (scripts/test does, in a
        // temporary folder); otherwise keep models in memory.
        let cache = ProcessInfo.processInfo.environment["AMULET_CACHE"] ?? ""
        let session = try run(
            binary.path,
            ["--no-prelude", "--data", TestSupport.dataFolderURL().path]
                + (cache.isEmpty ? ["--no-cache"] : []) + ["session.amu"],
            seconds: 900)
        try #require(session.status == 0, "the session failed:\n\(session.output)")

        let html = try String(
            contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!html.contains("id=\"cell-8\""), "the 'show' cell is left out")
        let markdown = try String(
            contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("report-chart-") && markdown.contains("-roc.svg"))
        let probed = html.replacingOccurrences(of: "</body>", with: Self.probe + "\n</body>")
        let page = folder.appendingPathComponent("probe.html")
        try Data(probed.utf8).write(to: page)

        let dom = try run(
            chromium,
            chromiumArguments([
                "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
                "--dump-dom", page.absoluteString,
            ]), environment: ["HOME": folder.path], seconds: 120)
        #expect(dom.status == 0)
        let probe = try #require(
            Self.probeJSON(in: dom.output), "no probe in the DOM:\n\(dom.output.prefix(500))")

        let summary = probe["summary"] as? [String: Any]
        #expect(Self.isVisible(summary), "summary box \(String(describing: summary))")
        let summaryText = probe["summaryText"] as? String ?? ""
        #expect(summaryText.contains("Reference:"), "\(summaryText)")
        #expect(summaryText.contains("mia.lira.auc"), "\(summaryText)")
        let roc = probe["roc"] as? [[String: Any]] ?? []
        #expect(roc.count == 1 && roc.allSatisfy(Self.isVisible), "ROC charts \(roc)")
        let curves = probe["rocCurves"] as? [[String: Any]] ?? []
        #expect(
            curves.count == 2 && curves.allSatisfy(Self.isVisible),
            "baseline and defended curves \(curves)")
        let groups = probe["groups"] as? [[String: Any]] ?? []
        #expect(!groups.isEmpty && groups.allSatisfy(Self.isVisible), "fairness bars \(groups)")
        // Two groups of sex × two models.
        #expect(((probe["visibleBars"] as? NSNumber)?.intValue ?? 0) >= 4)
        #expect(
            (probe["overflowingText"] as? NSNumber)?.intValue == 0,
            "program text wraps instead of scrolling")

        let screenshot = folder.appendingPathComponent("report.png")
        let shot = try run(
            chromium,
            chromiumArguments([
                "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
                "--screenshot=\(screenshot.path)", page.absoluteString,
            ]), environment: ["HOME": folder.path], seconds: 120)
        #expect(shot.status == 0)
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG")
        // IHDR: width and height, big-endian, at bytes 16…23.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1200 && height == 2400)
        // A blank 1200 × 2400 page compresses to a few kilobytes; text and charts do not.
        #expect(png.count > 40_000, "screenshot of \(png.count) bytes looks blank")
    }

    /// The probe's JSON from a dumped DOM.
    static func probeJSON(in dom: String) -> [String: Any]? {
        guard let start = dom.range(of: "<pre id=\"probe\">"),
            let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
        else { return nil }
        let text = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    /// Whether a probed box is displayed and has a non-zero width and height.
    static func isVisible(_ box: [String: Any]?) -> Bool {
        guard let box, let width = (box["w"] as? NSNumber)?.doubleValue,
            let height = (box["h"] as? NSNumber)?.doubleValue
        else { return false }
        return width > 0 && height > 0 && (box["shown"] as? NSNumber)?.intValue == 1
    }
}
