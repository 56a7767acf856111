import ArgumentParser
import Console
import Foundation
import Runs

/// `mlx gc`: frees the store's space held by objects no run refers to.
struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove stored objects no run refers to, and temporary files killed writers left.",
        discussion: """
            Objects (trained models, snapshots of input files) are kept while any run refers to them. \
            An object written after the oldest still-running run started is kept too: that run may not \
            have committed its reference yet. Temporary files are removed once they are an hour old. \
            Runs themselves are never removed. Exit codes: 0 done; 64 no store.
            """
    )

    @Flag(help: "Only report what would be removed.")
    var dryRun = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(toWrite: true)
        let report: RunStore.GarbageReport
        do { report = try store.collectGarbage(dryRun: dryRun) } catch { throw CommandFailure(error.message) }
        print(GarbageReportRenderer.text(report, dryRun: dryRun))
    }
}
