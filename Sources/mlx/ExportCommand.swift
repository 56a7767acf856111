import ArgumentParser
import Foundation
import Console
import Runs

/// `mlx export RUN --to FORMAT`: a recorded run as a file to share or run again.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a recorded run as a Jupyter notebook, Markdown, HTML or a runnable .mlx script.",
        discussion: StoreOptions.runReferenceHelp
            + " --to mlx gives a script run's exact source, or a REPL session's cells that ran without an error (since its last :reset)."
    )

    @ArgumentParser.Argument(help: ArgumentHelp("The run to export.", valueName: "run"))
    var reference: String

    @Option(name: .customLong("to"), help: ArgumentHelp("The format to write.", valueName: "format"))
    var format: ExportFormat

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        // A script is the cells' sources alone.
        let record = try storeOptions.record(reference, withOutputs: format != .mlx)
        let data: Data
        do { data = try format.export(record) } catch {
            throw CommandFailure("cannot export run #\(record.number) as \(format.rawValue): \(error)")
        }
        guard let output else { return ProcessOutput.write(data, to: STDOUT_FILENO) }
        do { try ReportFile.write(data, to: output) } catch {
            throw CommandFailure("cannot write \(output): \(PathProblem.writing((try? ReportFile.destination(of: output))?.path ?? output))")
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
