import AmuletTestSupport
import Foundation
import Testing

/// The command line as a CI user and a workshop teacher meet it: help for each command on
/// stdout, the version, completion scripts, NO_COLOR, Markdown output, the whole-script check,
/// and the step-through of a lesson in a terminal.
///
/// Needs the release binary (`swift build -c release --product amulet`); every file it reads
/// or writes is inside a temporary folder.
@Suite(.serialized) struct CommandLineHelpTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "amulet-help-\(UUID().uuidString)")

    func run(_ arguments: [String]) throws -> AmuletProcess.Outcome {
        try AmuletProcess.run(arguments, in: folder)
    }

    @Test(arguments: [
        (["run", "--help"], ["--format", "--dry-run", "--shard", "--step", "--seed"]),
        (["help", "run"], ["--format", "--dry-run", "--shard", "--step"]),
        (["merge", "--help"], ["--report", "--ledger", "--format"]),
        (["help", "merge"], ["--report", "--ledger"]),
    ])
    func eachCommandsHelpListsItsOwnOptionsOnStdout(_ arguments: [String], _ options: [String])
        throws
    {
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(arguments)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.error.isEmpty, "\(outcome.error)")
        for option in options {
            #expect(outcome.output.contains(option), "\(arguments) lacks \(option)")
        }
        #expect(
            outcome.output.contains(
                "USAGE: amulet \(arguments.contains("merge") ? "merge" : "run")"))
    }

    @Test func versionNamesTheReleaseTheBuildAndOpenBLAS() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["--version"])
        #expect(outcome.status == 0, "\(outcome.error)")
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("amulet ") == true, "\(outcome.output)")
        #expect(lines.contains { $0.hasPrefix("build sha256 ") && $0.count == 13 + 64 })
        #expect(lines.contains { $0.hasPrefix("OpenBLAS ") }, "\(outcome.output)")
    }

    @Test func topLevelHelpFillsItsLinesInsteadOfBreakingMidSentence() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["--help"])
        #expect(outcome.status == 0)
        // Each paragraph of the overview: every line but its last is filled (a hard line
        // break in the source left "… or a" alone on a line).
        let overview =
            try #require(outcome.output.components(separatedBy: "OVERVIEW:").last)
            .components(separatedBy: "USAGE:").first ?? ""
        for paragraph in overview.components(separatedBy: "\n\n") {
            let lines = paragraph.split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            for line in lines.dropLast() {
                #expect(line.count >= 50, "short line in the overview: '\(line)'")
            }
        }
        #expect(outcome.output.contains("--generate-completion-script"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsAreGeneratedAndInstalled(_ shell: String) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["--generate-completion-script", shell])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("dry-run") && outcome.output.contains("merge"))
        // scripts/install-completion writes it where the shell looks, under $HOME.
        let home = folder.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = TestSupport.packageRoot().appendingPathComponent(
            "scripts/install-completion")
        process.arguments = [shell]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["AMULET"] = AmuletProcess.binary().path
        for name in ["XDG_DATA_HOME", "XDG_CONFIG_HOME", "ZDOTDIR"] { environment[name] = nil }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let installed = [
            "bash": ".local/share/bash-completion/completions/amulet",
            "zsh": ".zsh/completions/_amulet", "fish": ".config/fish/completions/amulet.fish",
        ][shell]!
        let text = try String(
            contentsOf: home.appendingPathComponent(installed), encoding: .utf8)
        #expect(text == outcome.output)
    }

    @Test func markdownPutsABlankLineAfterEachTableAndStatusOnStderr() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run([
            "--no-prelude", "--no-cache", "--format", "markdown", "-e",
            "load synthetic rows=300; train logreg epochs=1; measure accuracy; measure accuracy",
        ])
        #expect(outcome.status == 0, "\(outcome.error)")
        let lines = outcome.output.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where line.hasPrefix("**") && index > 0 {
            #expect(lines[index - 1].isEmpty, "no blank line before '\(line)'")
        }
        #expect(lines.filter { $0.hasPrefix("**") }.count >= 2, "\(outcome.output)")
        // Status lines (· notes, ⚠ warnings) are on stderr; stdout is the document.
        #expect(!outcome.output.contains("· ") && !outcome.output.contains("⚠"))
        #expect(outcome.error.contains("· ") || outcome.error.contains("⚠"), "\(outcome.error)")
    }

    @Test func reportIntoAMissingFolderIsRefusedAndCreatesNothing() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run([
            "--no-prelude", "--no-cache", "-e",
            "load synthetic rows=300; train logreg epochs=1; measure accuracy; report nowhere/dir/x.html",
        ])
        #expect(outcome.status == 1)
        #expect(outcome.error.contains("there is no folder 'nowhere/dir'"), "\(outcome.error)")
        #expect(outcome.error.contains("mkdir -p nowhere/dir"))
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("nowhere").path))
    }

    @Test func progressLinesReachALogWhenStderrIsNotATerminal() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = AmuletProcess.binary()
        process.arguments = [
            "--no-prelude", "--no-cache", "-e",
            "load synthetic rows=48000 features=40; train mlp capacity=m1 epochs=30",
        ]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        // A quarter of a second instead of 5 s, so a training of seconds shows several.
        environment["AMULET_PROGRESS_SECONDS"] = "0.25"
        process.environment = environment
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let error = String(
            decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(error)")
        let lines = error.split(separator: "\n").filter { $0.hasPrefix("progress: ") }
        #expect(lines.count >= 2, "\(error)")
        // Whole lines for a log: no carriage returns or terminal escapes.
        #expect(!error.contains("\r") && !error.contains("\u{1B}"))
    }

    /// Runs the binary in a pseudo-terminal (`Tests/EndToEnd/pty_run.py`).
    func terminal(
        _ arguments: [String], environment: [String: String] = [:], unset: [String] = [],
        steps: [[Any]] = []
    ) throws -> (screen: String, matched: [Bool], status: Int?) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var env = environment
        env["AMULET_DATA"] = TestSupport.dataFolderURL().path
        let spec: [String: Any] = [
            "argv": [AmuletProcess.binary().path] + arguments, "env": env, "unset": unset,
            "cwd": folder.path, "steps": steps,
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3",
            TestSupport.packageRoot().appendingPathComponent("Tests/EndToEnd/pty_run.py").path,
            json,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (
            report["screen"] as? String ?? "", report["matched"] as? [Bool] ?? [],
            report["status"] as? Int
        )
    }

    @Test func noColorTurnsColourOffOnATerminal() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let code = "measure privacy sigma=1 q=0.01 steps=100; explain nothing_here"
        let coloured = try terminal(
            ["--no-prelude", "--no-cache", "-e", code], unset: ["NO_COLOR"])
        #expect(coloured.screen.contains("\u{1B}["), "no colour without NO_COLOR")
        let plain = try terminal(
            ["--no-prelude", "--no-cache", "-e", code], environment: ["NO_COLOR": "1"])
        #expect(plain.screen.contains("nothing called"), "\(plain.screen)")
        #expect(!plain.screen.contains("\u{1B}["), "\(plain.screen.debugDescription)")
    }

    @Test func stepModeShowsEachCellAndRunsItOnEnterAndQQuits() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(
            """
            # A tiny lesson.
            set seed=3

            # Load a toy table.
            load synthetic rows=300
            # Never reached: q quits first.
            show scenario
            """.utf8
        ).write(to: folder.appendingPathComponent("lesson.amu"))
        let session = try terminal(
            ["--no-prelude", "--no-cache", "--step", "lesson.amu"],
            steps: [
                ["expect", "cell 1 of 3", 20], ["expect", "set seed=3", 5],
                ["expect", "Enter runs it", 5], ["send", "\r"],
                ["expect", "set seed=3", 10],
                ["expect", "cell 2 of 3", 10], ["expect", "# Load a toy table.", 5],
                ["expect", "Enter runs it", 5], ["send", "\r"],
                ["expect", "loaded synthetic", 30],
                ["expect", "cell 3 of 3", 10], ["expect", "Enter runs it", 5], ["send", "q\r"],
            ])
        #expect(session.matched.allSatisfy { $0 }, "\(session.matched) \(session.screen)")
        #expect(session.status == 0, "\(session.screen)")
        #expect(!session.screen.contains("dataset: synthetic"), "the quit cell ran")
    }
}
