import AmuletTestSupport
import Foundation
import Testing

/// The HTML report as a person sees it, at a phone's, a projector's and a laptop's width.
///
/// Rendered by headless Chromium at 390, 1024 and 1280 px and checked by a script run in the
/// page: no element reaches past the viewport (a table or, on a phone, a chart may be wider
/// only inside its own scrolling box), no legend box is crossed by a plotted line, every chart has titled
/// axes, no chart draws text below 12 px (nor is shown more than 4% smaller than drawn), the
/// label columns of the Δ bars and the heat map end left of their plots, no text of the Δ bars
/// crosses a grid line or an axis, and no two texts of the Δ bars, the heat map and the
/// fairness bars overlap. Three sessions: the README's headline pipeline, lesson 02 and a defense × risk
/// matrix on synthetic data; and, on their own, the image figures of inversion, backdoor and
/// evasion on digits.
///
/// Needs the release binary (`.build/release/amulet`, or `$AMULET_BINARY`) and Debian's
/// `chromium-headless-shell` (installed by `scripts/setup`). Everything it writes is inside a
/// temporary folder; with `$AMULET_SHOTS_DIR` set, the screenshots are copied there to look at.
@Suite(.serialized) struct ReportScreenTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-screens-\(UUID().uuidString)")

    static let widths = [390, 1024, 1280]

    /// The README's first example, then a report.
    static let headline = """
        load adult
        train mlp epochs=10
        defend dp eps=1
        attack mia shadows=16
        measure fairness
        compare
        report report.html
        """

    /// Two defenses, each repeated twice, measured on four risks, then the matrix.
    static let matrix = """
        set seed=1
        load synthetic rows=1500 features=8 separation=2
        def risks { measure accuracy; attack mia shadows=2; measure fairness; attack evasion eps=0.1 steps=5 }
        repeat 2 { train mlp hidden=[16] epochs=30 lr=0.01; defend dp eps=1; risks }
        repeat 2 { train mlp hidden=[16] epochs=30 lr=0.01; defend outliers percent=10; risks }
        compare matrix
        report report.html
        """

    /// Lesson 7's interaction in small: a text backdoor swept over three portions against
    /// ONION and DP-SGD, twice each; the heat map has a row per recipe and portion.
    static let textSweep = """
        set seed=0
        def sweep { for p in [0.2%, 1%, 5%] { attack backdoor portion=$p } }
        repeat 2 { load synthetic modality=text rows=2000 members=1; train fasttext; defend onion; sweep }
        repeat 2 { load synthetic modality=text rows=2000 members=1; train fasttext; defend dp eps=1; sweep }
        compare matrix
        report report.html
        """

    /// The attacks that leave pictures, on digits, for an undefended and a DP model.
    static let images = """
        set seed=0
        load digits
        train cnn epochs=5 lr=0.01 batch=32
        attack inversion steps=100
        defend dp eps=8
        attack backdoor portion=0.1
        attack evasion eps=0.2 steps=10
        report report.html
        """

    /// Measures what a reader would see and writes it as JSON into `<pre id="probe">`.
    static let probe = """
        <script>
        window.addEventListener('load', function () {
          var vw = document.documentElement.clientWidth;
          var wide = [];
          var all = document.body.querySelectorAll('*');
          for (var i = 0; i < all.length; i++) {
            var e = all[i];
            if (e.closest('div.table-wrap') && !e.matches('div.table-wrap')) continue;
            if (e.closest('figure.chart') && !e.matches('figure.chart')) continue;
            var r = e.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (r.right > vw + 1 || r.left < -1) wide.push(e.tagName + '.' + e.className + ' ' + Math.round(r.left) + '…' + Math.round(r.right));
          }
          function crosses(box, a, b) {
            for (var k = 0; k <= 40; k++) {
              var x = a.x + (b.x - a.x) * k / 40, y = a.y + (b.y - a.y) * k / 40;
              if (x > box.x && x < box.x + box.width && y > box.y && y < box.y + box.height) return true;
            }
            return false;
          }
          var overlaps = [], unlabelled = [], small = [], crowded = [], charts = 0;
          function name(t) {
            return Array.prototype.filter.call(t.childNodes, function (c) { return c.nodeType === 3; })
              .map(function (c) { return c.textContent; }).join('');
          }
          document.querySelectorAll('svg.chart').forEach(function (svg) {
            charts++;
            var kind = svg.getAttribute('class');
            var legend = svg.querySelector('g.legend');
            if (legend) {
              var box = legend.getBBox();
              svg.querySelectorAll('.plot-line').forEach(function (line) {
                var points = [];
                if (line.tagName === 'polyline') {
                  for (var p = 0; p < line.points.numberOfItems; p++) points.push(line.points.getItem(p));
                } else {
                  points = [{x: +line.getAttribute('x1'), y: +line.getAttribute('y1')}, {x: +line.getAttribute('x2'), y: +line.getAttribute('y2')}];
                }
                for (var q = 0; q + 1 < points.length; q++) {
                  if (crosses(box, points[q], points[q + 1])) { overlaps.push(kind); return; }
                }
              });
            }
            // Text a room can read: 12 px or more as drawn, at most 4% smaller on the page.
            var shown = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            var texts = Array.prototype.slice.call(svg.querySelectorAll('text'));
            texts.forEach(function (t) {
              var size = parseFloat(t.getAttribute('font-size'));
              if (!(size >= 12) || size * shown < 11.5) small.push(kind + ': ' + name(t) + ' ' + size + 'px ×' + shown.toFixed(2));
            });
            // A label column ends left of the plot (the Δ bars' axes, the heat map's cells),
            // and no two texts of these charts overlap.
            var labels = svg.querySelectorAll('.bar-label, .row-heading, .row-label, .row-subject');
            var plotLeft = Infinity;
            svg.querySelectorAll('line.plot-axis, rect.heat-cell').forEach(function (e) {
              plotLeft = Math.min(plotLeft, e.tagName === 'line' ? +e.getAttribute('x1') : +e.getAttribute('x'));
            });
            labels.forEach(function (t) {
              var b = t.getBBox();
              if (b.x + b.width > plotLeft - 2 || b.x < 0) crowded.push(kind + ': ' + name(t) + ' ends at ' + Math.round(b.x + b.width) + ', the plot starts at ' + plotLeft);
            });
            // No text of the Δ bars crosses a grid line or an axis (a label in the plot).
            if (/delta-bar-chart/.test(kind)) {
              svg.querySelectorAll('line').forEach(function (l) {
                var x1 = +l.getAttribute('x1'), x2 = +l.getAttribute('x2'), y1 = +l.getAttribute('y1'), y2 = +l.getAttribute('y2');
                texts.forEach(function (t) {
                  var b = t.getBBox();
                  var across = Math.max(x1, x2) > b.x + 1 && Math.min(x1, x2) < b.x + b.width - 1;
                  var down = Math.max(y1, y2) > b.y + 1 && Math.min(y1, y2) < b.y + b.height - 1;
                  if (across && down) crowded.push(kind + ': ' + name(t) + ' crosses a line at ' + Math.round(x1) + ',' + Math.round(y1));
                });
              });
            }
            if (/delta-bar-chart|interaction-heat-map|group-bar-chart/.test(kind)) {
              var boxes = texts.map(function (t) { return t.getBBox(); });
              for (var m = 0; m < boxes.length; m++) {
                for (var n = m + 1; n < boxes.length; n++) {
                  var a = boxes[m], c = boxes[n];
                  if (a.x + 1 < c.x + c.width && c.x + 1 < a.x + a.width && a.y + 1 < c.y + c.height && c.y + 1 < a.y + a.height) {
                    crowded.push(kind + ': ' + name(texts[m]) + ' overlaps ' + name(texts[n]));
                  }
                }
              }
            }
            var titles = Array.prototype.map.call(svg.querySelectorAll('.axis-title'), function (t) { return t.textContent.trim(); }).filter(function (t) { return t.length > 0; });
            var xy = /roc-chart|frontier-chart|pareto-chart/.test(kind);
            var needs = /interaction-heat-map|image-grid-chart/.test(kind) ? 0 : (xy ? 2 : 1);
            if (titles.length < needs) unlabelled.push(kind);
          });
          var pre = document.createElement('pre');
          pre.id = 'probe';
          pre.textContent = JSON.stringify({
            viewport: vw, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 20),
            overlaps: overlaps, unlabelled: unlabelled, small: small.slice(0, 20),
            crowded: crowded.slice(0, 20), charts: charts
          });
          document.body.appendChild(pre);
        });
        </script>
        """

    /// The binary: `$AMULET_BINARY`, else the release build.
    static func binary() -> URL {
        if let explicit = ProcessInfo.processInfo.environment["AMULET_BINARY"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return TestSupport.packageRoot().appendingPathComponent(".build/release/amulet")
    }

    /// Runs `executable` in `folder` with a deadline; returns its status and standard output.
    func run(
        _ executable: String, _ arguments: [String], in directory: URL, seconds: Double
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var variables = ProcessInfo.processInfo.environment
        variables["HOME"] = folder.path
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        let outputFile = directory.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
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

    /// Runs a session script in its own folder and returns the report it wrote.
    func report(named name: String, script: String) throws -> URL {
        let directory = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(script.utf8).write(to: directory.appendingPathComponent("session.amu"))
        let cache = ProcessInfo.processInfo.environment["AMULET_CACHE"] ?? ""
        let session = try run(
            Self.binary().path,
            ["--data", TestSupport.dataFolderURL().path] + (cache.isEmpty ? ["--no-cache"] : [])
                + ["session.amu"], in: directory, seconds: 1800)
        try #require(session.status == 0, "\(name) failed:\n\(session.output.suffix(2000))")
        return directory.appendingPathComponent("report.html")
    }

    /// Checks one report at every width; copies screenshots to `$AMULET_SHOTS_DIR` if set.
    func check(_ report: URL, name: String, chromium: String) throws {
        let html = try String(contentsOf: report, encoding: .utf8)
        let page = report.deletingLastPathComponent().appendingPathComponent("probe.html")
        try Data(html.replacingOccurrences(of: "</body>", with: Self.probe + "\n</body>").utf8)
            .write(to: page)
        let shots = ProcessInfo.processInfo.environment["AMULET_SHOTS_DIR"]
        for width in Self.widths {
            let arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--window-size=\(width),2400",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                "--crash-dumps-dir=\(folder.appendingPathComponent("crashes").path)",
                "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
            ]
            let dom = try run(
                chromium, arguments + ["--dump-dom", page.absoluteString],
                in: report.deletingLastPathComponent(), seconds: 120)
            #expect(dom.status == 0)
            let probe = try #require(
                Self.probeJSON(in: dom.output), "\(name) @\(width): no probe in the DOM")
            let viewport = (probe["viewport"] as? NSNumber)?.intValue ?? 0
            #expect(viewport == width, "\(name): viewport \(viewport) for window \(width)")
            let scrollWidth = (probe["scrollWidth"] as? NSNumber)?.intValue ?? .max
            #expect(
                scrollWidth <= width, "\(name) @\(width): page scrolls sideways (\(scrollWidth))")
            let wide = probe["wide"] as? [String] ?? ["?"]
            #expect(wide.isEmpty, "\(name) @\(width): wider than the viewport: \(wide)")
            let overlaps = probe["overlaps"] as? [String] ?? ["?"]
            #expect(overlaps.isEmpty, "\(name) @\(width): a legend covers a line in \(overlaps)")
            let unlabelled = probe["unlabelled"] as? [String] ?? ["?"]
            #expect(unlabelled.isEmpty, "\(name) @\(width): axes without titles in \(unlabelled)")
            let small = probe["small"] as? [String] ?? ["?"]
            #expect(small.isEmpty, "\(name) @\(width): chart text below 12 px: \(small)")
            let crowded = probe["crowded"] as? [String] ?? ["?"]
            #expect(crowded.isEmpty, "\(name) @\(width): chart labels overlap: \(crowded)")
            #expect(((probe["charts"] as? NSNumber)?.intValue ?? 0) >= 1, "\(name): no chart")

            let screenshot = report.deletingLastPathComponent().appendingPathComponent(
                "\(name)-\(width).png")
            let shot = try run(
                chromium, arguments + ["--screenshot=\(screenshot.path)", report.absoluteString],
                in: report.deletingLastPathComponent(), seconds: 120)
            #expect(shot.status == 0)
            let png = try Data(contentsOf: screenshot)
            let shotWidth = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
            #expect(shotWidth == width)
            if let shots, !shots.isEmpty {
                try? FileManager.default.createDirectory(
                    atPath: shots, withIntermediateDirectories: true)
                let target = URL(fileURLWithPath: shots).appendingPathComponent(
                    screenshot.lastPathComponent)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: screenshot, to: target)
            }
        }
    }

    @Test func reportsFitPhoneProjectorAndLaptopScreens() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let chromium = ReportBrowserTests.browser() else {
            Issue.record(ReportBrowserTests.missingBrowser)
            return
        }
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary().path),
            "build the release binary first: swift build -c release --product amulet")
        let lesson = try String(
            contentsOf: TestSupport.packageRoot().appendingPathComponent(
                "stdlib/lessons/02-privacy-vs-fairness.amu"), encoding: .utf8)
        let sessions = [
            ("headline", Self.headline), ("lesson02", lesson + "\nreport report.html\n"),
            ("matrix", Self.matrix),
        ]
        for (name, script) in sessions {
            let report = try report(named: name, script: script)
            try check(report, name: name, chromium: chromium)
        }
    }

    /// A heat map of six rows, each labelled by its recipe and portion, at every width.
    @Test func aTextBackdoorSweepsHeatMapFitsEveryScreen() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let chromium = ReportBrowserTests.browser() else {
            Issue.record(ReportBrowserTests.missingBrowser)
            return
        }
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary().path),
            "build the release binary first: swift build -c release --product amulet")
        let report = try report(named: "text-sweep", script: Self.textSweep)
        let html = try String(contentsOf: report, encoding: .utf8)
        for recipe in ["onion", "dp"] {
            for portion in ["0.2%", "1%", "5%"] {
                #expect(
                    html.contains(
                        "<td data-label=\"defense\">\(recipe) · backdoor p=\(portion)</td>"))
            }
        }
        // Each row's subject starts a line of its label.
        #expect(html.components(separatedBy: "class=\"row-subject\">backdoor p=").count - 1 == 6)
        try check(report, name: "text-sweep", chromium: chromium)
    }

    /// The figures of inversion, backdoor and evasion (image grids of two and three rows, with
    /// captions and two-line labels) at every width.
    @Test func imageFiguresFitPhoneProjectorAndLaptopScreens() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let chromium = ReportBrowserTests.browser() else {
            Issue.record(ReportBrowserTests.missingBrowser)
            return
        }
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary().path),
            "build the release binary first: swift build -c release --product amulet")
        let report = try report(named: "images", script: Self.images)
        let html = try String(contentsOf: report, encoding: .utf8)
        // Inversion once, then backdoor and evasion for the baseline and the DP model.
        #expect(html.components(separatedBy: "class=\"chart image-grid-chart\"").count - 1 == 5)
        try check(report, name: "images", chromium: chromium)
    }

    /// The probe's JSON from a dumped DOM.
    static func probeJSON(in dom: String) -> [String: Any]? {
        ReportBrowserTests.probeJSON(in: dom)
    }
}
