import ArgumentParser
import Console
import Foundation
import Runs

/// `mlx diff RUN RUN`: what differs between two recorded runs.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two recorded runs: parameters, metrics, data, script, environment, seed.",
        discussion: """
            Metrics compare each name's last value and show the change with its sign; data compares \
            the fingerprints of files loaded under the same path; the script is shown as a unified diff \
            (a REPL session's cells one after another). --md writes Markdown for a pull-request comment. \
            Exit codes: 0 compared (whether or not the runs differ); 64 no store or an unknown run.
            """
    )

    @ArgumentParser.Argument(help: ArgumentHelp("The old run: its number, last, last~N, or a prefix of its id.", valueName: "run"))
    var old: String

    @ArgumentParser.Argument(help: ArgumentHelp("The new run.", valueName: "run"))
    var new: String

    @Flag(name: .customLong("md"), help: "Print Markdown (tables and a diff block) for a pull-request comment.")
    var markdown = false

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if markdown, json { throw ValidationError("--md and --json exclude each other") }
    }

    func run() throws {
        let store = try storeOptions.open()
        let diff: RunDiff
        do {
            // A diff compares no output: long ones are not read.
            diff = RunDiff(from: try store.run(try store.resolve(old), withOutputs: false), to: try store.run(try store.resolve(new), withOutputs: false))
        } catch {
            throw CommandFailure(error.message)
        }
        let renderer = RunDiffRenderer()
        let text = markdown ? renderer.markdown(diff) : json ? renderer.json(diff) + "\n" : renderer.text(diff)
        ProcessOutput.standardOutput(text)
    }
}
