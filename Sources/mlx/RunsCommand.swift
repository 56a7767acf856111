import ArgumentParser
import Console
import Foundation
import Runs
import Tables

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
            --sort takes the same names. A metric no run reports is refused, as a likely misspelling, with the closest name. \
            Exit codes: 0 listed (even if nothing matched); 64 no store, a bad condition or an unknown name.
            """
    )

    @Option(name: .customLong("where"), help: ArgumentHelp("Only runs meeting these conditions, joined with 'and'.", valueName: "condition"))
    var conditions: [String] = []

    // The name the product's first description of `mlx runs` used. An option of its
    // own rather than a second name, so that an error names the option as typed.
    @Option(name: .customLong("filter"), help: ArgumentHelp("Another name for --where.", valueName: "condition"))
    var filterConditions: [String] = []

    @Option(help: ArgumentHelp("Order by a metric or run field (default: run number).", valueName: "name"))
    var sort: String?

    @Flag(help: "Sort in descending order.")
    var desc = false

    // Unconditional: `--limit -1` is a value to refuse with the reason, not a missing one.
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many runs (default 20).", valueName: "n"))
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
        let (query, namedBy) = try makeQuery()
        let store = try storeOptions.open()
        let renderer = RunListRenderer()
        let filtered = !query.conditions.isEmpty
        do throws(StoreError) {
            let named = [(sort, "--sort")] + zip(query.conditions, namedBy).map { ($0.field, $1) }
            try refuseUnknownMetrics(named.compactMap { name, option in name.map { ($0, option) } }, in: store)
            if json {
                let summaries = try store.summaries(query)
                print(renderer.json(summaries))
                // Standard output stays pure JSON; the note is for the person at the terminal.
                if let note = RunListRenderer.note(shown: summaries.count, total: try total(summaries.count, query, store), filtered: filtered) {
                    ProcessOutput.standardError("mlx: \(note)\n")
                }
            } else {
                let table = try store.table(query)
                print(renderer.table(table, total: try total(table.runs.count, query, store), filtered: filtered))
            }
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// How many runs `query` matches, `shown` of which are listed.
    private func total(_ shown: Int, _ query: RunQuery, _ store: RunStore) throws(StoreError) -> Int {
        // Counting is a second query: only worth it when the limit may have cut.
        shown == query.limit ? try store.count(matching: query) : shown
    }

    /// Refuses a name (with the option that gave it) that is neither a run field
    /// nor a metric some run reported: a misspelt metric would otherwise match no
    /// run, or sort by nothing, without a word. An empty store has no metrics to
    /// check against, and nothing matches there anyway.
    private func refuseUnknownMetrics(_ names: [(name: String, option: String)], in store: RunStore) throws(StoreError) {
        for (name, option) in names where !RunQuery.fields.contains(name) {
            guard try !store.hasMetric(named: name), try store.count() > 0 else { continue }
            let hint = Spelling.closest(to: name, among: try store.metricNames() + RunQuery.fields).map { "did you mean '\($0)'?" }
                ?? "the run fields are \(RunQuery.fields.joined(separator: ", "))"
            throw StoreError("\(option): no run reports a metric named '\(name)'; \(hint)")
        }
    }

    /// The query, and for each of its conditions the option that gave it.
    private func makeQuery() throws -> (RunQuery, namedBy: [String]) {
        var parsed = [RunQuery.Condition](), namedBy = [String]()
        for (option, texts) in [("--where", conditions), ("--filter", filterConditions)] {
            for text in texts {
                do throws(StoreError) {
                    let read = try RunQuery.conditions(text)
                    parsed += read
                    namedBy += Array(repeating: option, count: read.count)
                } catch {
                    throw CommandFailure("\(option): \(error.message)")
                }
            }
        }
        guard parsed.count <= RunQuery.mostConditions else {
            throw CommandFailure("\(parsed.count) conditions in --where and --filter together: at most \(RunQuery.mostConditions) are taken")
        }
        return (RunQuery(conditions: parsed, sort: sort, descending: desc, limit: all ? nil : limit ?? Self.defaultLimit), namedBy)
    }
}
