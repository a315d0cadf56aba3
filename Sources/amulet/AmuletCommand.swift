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
            'amulet FILE' runs a script and 'amulet' alone opens the REPL; 'amulet help run' \
            lists their options. A sweep split with 'amulet run FILE --shard I/N --cache DIR' \
            over N processes or a Slurm job array (scripts/slurm) is combined with \
            'amulet merge DIR'.

            Shell completion: 'amulet --generate-completion-script bash' (or zsh, fish) \
            prints a completion script; scripts/install-completion installs it.
            """,
        version: ProgramInfo.versionText,
        subcommands: [RunCommand.self, MergeCommand.self],
        defaultSubcommand: RunCommand.self)

    static func main() {
        let command: any ParsableCommand
        do {
            command = try AmuletCommand.parseAsRoot()
        } catch {
            exit(reporting: error)
        }
        let status: Int32
        switch command {
        case let run as RunCommand: status = run.execute()
        case let merge as MergeCommand: status = merge.execute()
        default:
            // `amulet help run`: argument-parser's own help command, which reports the help
            // it prints as an error that exits with success.
            do {
                var other = command
                try other.run()
                status = 0
            } catch {
                exit(reporting: error)
            }
        }
        // Everything was written with unbuffered write(2). `_exit` skips the C library's exit
        // handlers: after Ctrl-C has hit OpenBLAS's worker threads, its thread-pool shutdown
        // handler can wait forever, and there is nothing left to flush.
        Glibc._exit(status)
    }

    /// Prints what argument-parser says about `error` and exits: help, the version and
    /// completion scripts on stdout with status 0, usage errors on stderr with status 2.
    static func exit(reporting error: any Error) -> Never {
        let message = AmuletCommand.fullMessage(for: error)
        if AmuletCommand.exitCode(for: error) == .success {
            FileHandle.standardOutput.write(Data((message + "\n").utf8))
            Glibc._exit(0)
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Glibc._exit(2)
    }
}
