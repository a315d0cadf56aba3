import ArgumentParser
import Foundation
import Glibc

/// The `amulet` program: `run` (the default: REPL, script or inline code) and `merge`.
@main
struct AmuletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amulet",
        abstract: "Measure how ML defenses move security, privacy and fairness risks.",
        discussion: """
            'amulet FILE' runs a script, 'amulet' alone opens the REPL (see 'amulet run --help').
            A sweep split with 'amulet run FILE --shard I/N --cache DIR' over N processes or a
            Slurm job array (scripts/slurm) is combined with 'amulet merge DIR'.
            """,
        subcommands: [RunCommand.self, MergeCommand.self],
        defaultSubcommand: RunCommand.self)

    static func main() {
        let command: any ParsableCommand
        do {
            command = try AmuletCommand.parseAsRoot()
        } catch {
            let code = AmuletCommand.exitCode(for: error)
            let message = AmuletCommand.fullMessage(for: error)
            if code == .success {
                FileHandle.standardOutput.write(Data((message + "\n").utf8))
                Glibc.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Glibc.exit(2)
        }
        let status: Int32
        switch command {
        case let run as RunCommand: status = run.execute()
        case let merge as MergeCommand: status = merge.execute()
        default:
            FileHandle.standardError.write(Data((AmuletCommand.helpMessage() + "\n").utf8))
            status = 2
        }
        // Everything was written with unbuffered write(2). `_exit` skips the C library's exit
        // handlers: after Ctrl-C has hit OpenBLAS's worker threads, its thread-pool shutdown
        // handler can wait forever, and there is nothing left to flush.
        Glibc._exit(status)
    }
}
