import Console
import Foundation
import Language
import Runs

/// Starts the REPL for `mlx` without a subcommand: libedit on a terminal,
/// plain line reading when standard input is a file or a pipe.
enum ReplLauncher {
    /// Runs the session to its end.
    /// - Returns: the exit code: 0 for a terminal session; for piped input,
    ///   the worst outcome (`ExitStatus`) of its cells and meta commands.
    static func run(recording: RecordingOptions) -> Int32 {
        let interactive = isatty(STDIN_FILENO) != 0
        let cancellation = Cancellation()
        var session: ReplSession?
        let reader: any LineReader =
            interactive
            ? LineEditor(historyPath: LineEditor.defaultHistoryPath(), cancellation: cancellation) {
                session?.completionContext()
                    ?? Completion.Context(variables: [:], workingDirectory: FileManager.default.currentDirectoryPath)
            }
            : PlainLineReader()
        let workingDirectory = FileManager.default.currentDirectoryPath
        let recorder = recording.recorder(
            RunRecorder.Start(kind: .repl, workingDirectory: workingDirectory, mlxVersion: MLXVersion.current))
        var host = FileSystemHost(workingDirectory: workingDirectory)
        host.deployer = recording.deployer(lineage: recorder)
        let started = ReplSession(
            reader: reader, output: StandardStreams(), workingDirectory: workingDirectory, cancellation: cancellation,
            interactive: interactive, colour: StandardStreams.useColour, recorder: recorder, interpreterHost: host)
        session = started
        if interactive {
            ProcessOutput.standardOutput("mlx \(MLXVersion.current): cells are numbered [n]; :help for help, Ctrl-D to leave\n")
        }
        let status = started.run()
        recorder?.finish(status: status.runStatus, exitCode: status.rawValue)
        if interactive, let number = recorder?.number {
            ProcessOutput.standardOutput("session recorded as run #\(number) (mlx show \(number), mlx replay \(number))\n")
        }
        return interactive ? ExitStatus.success.rawValue : status.rawValue
    }
}
