import ArgumentParser
import Console
import Foundation
import Runs

/// `mlx runs`: the recorded runs, newest last, with their headline metrics.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List recorded runs with their headline metrics.",
        discussion: """
            Shows the newest 20 runs, oldest first, unless --sort, --limit or --all say otherwise. \
            Conditions compare a metric (its last value in the run) with a number, or a run field \
            (\(RunQuery.fields.joined(separator: ", "))) with a value: --where 'accuracy > 0.9 and status = ok'. \
            --where may be given more than once (all must hold); --filter is another name for it. \
            --sort takes the same names. Exit codes: 0 listed (even if nothing matched); 64 no store or a bad condition.
            """
    )

    // --filter: the name the product's first description of `mlx runs` used.
    @Option(name: [.customLong("where"), .customLong("filter")], help: ArgumentHelp("Only runs meeting these conditions, joined with 'and'.", valueName: "condition"))
    var conditions: [String] = []

    @Option(help: ArgumentHelp("Order by a metric or run field (default: run number).", valueName: "name"))
    var sort: String?

    @Flag(help: "Sort in descending order.")
    var desc = false

    @Option(help: ArgumentHelp("Show at most this many runs (default 20).", valueName: "n"))
    var limit: Int?

    @Flag(help: "Show every matching run.")
    var all = false

    @Flag(help: "Print the runs as a JSON array.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    static let defaultLimit = 20

    func validate() throws {
        if all, limit != nil { throw ValidationError("--all and --limit exclude each other") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let query = try makeQuery()
        let store = try storeOptions.open()
        let (summaries, total): ([RunSummary], Int)
        do throws(StoreError) {
            if let sort, !RunQuery.fields.contains(sort), try !store.hasMetric(named: sort) {
                throw StoreError("--sort: no run reports a metric named '\(sort)'; the run fields are \(RunQuery.fields.joined(separator: ", "))")
            }
            summaries = try store.summaries(query, metrics: json ? .all : .headline(limit: HeadlineMetrics.defaultLimit))
            // Counting is a second query: only worth it when the limit may have cut.
            total = summaries.count == query.limit ? try store.count(matching: query) : summaries.count
        } catch {
            throw CommandFailure(error.message)
        }
        let renderer = RunListRenderer()
        let filtered = !query.conditions.isEmpty
        if json {
            print(renderer.json(summaries))
            // Standard output stays pure JSON; the note is for the person at the terminal.
            if let note = RunListRenderer.note(shown: summaries.count, total: total, filtered: filtered) {
                FileHandle.standardError.write(Data("mlx: \(note)\n".utf8))
            }
        } else {
            print(renderer.table(summaries, metrics: HeadlineMetrics.choose(for: summaries, query: query), total: total, filtered: filtered))
        }
    }

    private func makeQuery() throws -> RunQuery {
        do throws(StoreError) {
            var parsed = [RunQuery.Condition]()
            for text in conditions { parsed += try RunQuery.conditions(text) }
            return RunQuery(conditions: parsed, sort: sort, descending: desc, limit: all ? nil : limit ?? Self.defaultLimit)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
