import AmuletTestSupport
import Foundation
import Testing

/// Starts the real `amulet` binary in a pseudo-terminal and types at it as a user would:
/// a tab completion, a pipeline, a Ctrl-C during training, then reads the screen.
///
/// Needs the release binary (`scripts/test` builds it first) and python3's standard `pty`.
@Suite(.serialized) struct ReplTerminalTests {
    static let root = TestSupport.packageRoot()

    func runSession(_ mode: String) throws -> [String: Any] {
        let binary = ReplTerminalTests.root.appendingPathComponent(".build/release/amulet").path
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "build the release binary first: swift build -c release --product amulet")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3",
            ReplTerminalTests.root.appendingPathComponent("Tests/EndToEnd/pty_session.py").path,
            binary, mode,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["AMULET_DATA"] = TestSupport.dataFolderURL().path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data)
        return try #require(object as? [String: Any])
    }

    @Test func tabCompletionPipelineAndCtrlCDuringTraining() throws {
        let report = try runSession("session")
        let screen = report["screen"] as? String ?? ""
        #expect(report["first_prompt"] as? Bool == true, "no prompt: \(screen.suffix(400))")
        #expect(report["loaded"] as? Bool == true)
        // Only "synth" was typed before the tab: the dataset loaded proves the completion.
        #expect(screen.contains("loaded synthetic: 10000 train"))
        #expect(report["progress_seen"] as? Bool == true, "no progress bar: \(screen.suffix(400))")
        #expect(
            report["cancelled"] as? Bool == true, "Ctrl-C did not cancel: \(screen.suffix(400))")
        #expect(report["prompt_after_cancel"] as? Bool == true)
        // The cancelled cell left the session as it was: data loaded, no model.
        let after = report["scenario_after_cancel"] as? String ?? ""
        #expect(after.contains("dataset: synthetic") && after.contains("model: none"))
        #expect(report["exit_status"] as? Int == 0)
    }

    /// A long attack cell (PGD with 100 restarts of 1,000 steps) stops at one Ctrl-C: the
    /// prompt is back within about a second, the trained model is still in the session, and
    /// Ctrl-D then ends the REPL with status 0 (before the attacks polled the token, eight of
    /// eight such cells ran on and neither key did anything).
    @Test func oneCtrlCStopsALongAttackCellAndCtrlDThenExits() throws {
        let report = try runSession("attack")
        let screen = report["screen"] as? String ?? ""
        #expect(report["trained"] as? Bool == true, "\(screen.suffix(400))")
        #expect(report["running_before_ctrl_c"] as? Bool == true, "\(screen.suffix(400))")
        #expect(report["cancelled"] as? Bool == true, "\(screen.suffix(400))")
        #expect(report["prompt_after_cancel"] as? Bool == true, "\(screen.suffix(400))")
        let seconds = report["seconds_to_prompt"] as? Double ?? .infinity
        #expect(seconds < 2, "the prompt came back \(seconds) s after Ctrl-C")
        let after = report["scenario_after_cancel"] as? String ?? ""
        #expect(after.contains("dataset: synthetic") && after.contains("model: mlp"), "\(after)")
        #expect(report["killed"] == nil, "Ctrl-D did not end the REPL: \(screen.suffix(400))")
        #expect(report["exit_status"] as? Int == 0)
    }

    @Test func valueCompletionMultiLineHistoryAndTimer() throws {
        let report = try runSession("history")
        let screen = report["screen"] as? String ?? ""
        #expect(report["first_prompt"] as? Bool == true, "no prompt: \(screen.suffix(400))")
        #expect(report["value_completed"] as? Bool == true, "\(screen.suffix(400))")
        #expect(report["continued"] as? Bool == true, "\(screen.suffix(400))")
        #expect(report["block_ran"] as? Bool == true, "\(screen.suffix(400))")
        #expect(report["recalled_ran"] as? Bool == true, "\(screen.suffix(400))")
        // `reset` cleared $n; only the recalled two-line cell can have bound it again.
        let after = report["value_after_recall"] as? String ?? ""
        #expect(after.contains("[1, 2]"), "\(after)")
        #expect(after.contains("time: "), "\(after)")
        #expect(report["exit_status"] as? Int == 0)
    }
}
