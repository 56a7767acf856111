import ArgumentParser
import Console
import Foundation
import Numerics

/// The `mlx` command: an experiment notebook for machine learning.
@main
struct MLXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlx",
        abstract: "An experiment notebook for machine learning, in the terminal and in CI.",
        usage: "mlx [<subcommand>]",
        discussion: """
            Without a subcommand, mlx starts the REPL: numbered cells, line editing, history, \
            Tab completion; :help lists its commands. With standard input from a file or pipe \
            it runs the statements without editing and exits non-zero if any failed \
            (1 failed assert, 2 syntax error, 3 runtime error or bad meta command).

            Shell completion: mlx --generate-completion-script bash|zsh|fish
            """,
        version: MLXVersion.current,
        subcommands: [
            RunCommand.self, RunsCommand.self, ShowCommand.self, DiffCommand.self, ExportCommand.self, ReplayCommand.self,
            ModelsCommand.self, ServeCommand.self, GCCommand.self, DoctorCommand.self, ReferenceCommand.self,
        ]
    )

    @OptionGroup var recording: RecordingOptions

    /// No subcommand: the REPL.
    func run() throws {
        let status = ReplLauncher.run(recording: recording)
        if status != 0 { throw ExitCode(status) }
    }

    static func main() {
        ProcessOutput.fillClosedStandardDescriptors()
        NumericEnvironment.stopIdleBLASThreads()
        ProcessMemory.retainLargeAllocations()
        RecordingOptions.prepare(arguments: CommandLine.arguments)
        if let problem = NegativeRunReference.problem(in: CommandLine.arguments) {
            ProcessOutput.standardError("mlx: \(problem)\n")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
            ProcessOutput.flushPrinted()
        } catch let failure as CommandFailure {
            ProcessOutput.standardError("mlx: \(failure.message)\n")
            Foundation.exit(ExitStatus.usage.rawValue)
        } catch {
            ProcessOutput.flushPrinted()
            exit(withError: error)
        }
    }
}

/// The version of this build of mlx.
enum MLXVersion {
    static let current = "0.1.0"
}
