import ArgumentParser
import Foundation
import Runs

/// `mlx show RUN`: a recorded run read back as a notebook in the terminal.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a recorded run: its cells with their output, parameters, metrics, data, models and environment.",
        discussion: StoreOptions.runReferenceHelp
    )

    @ArgumentParser.Argument(help: ArgumentHelp("The run to show.", valueName: "run"))
    var reference: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        print(TerminalView.text(try storeOptions.record(reference)), terminator: "")
    }
}
