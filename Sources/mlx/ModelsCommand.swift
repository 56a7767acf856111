import ArgumentParser
import Console
import Foundation
import Runs

/// `mlx models`: the registry's names and versions.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List deployed models: name, version, estimator, run, when, metrics.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let entries: [ModelRegistry.Entry]
        do { entries = try ModelRegistry(store: try storeOptions.open()).entries() } catch let error as StoreError {
            throw CommandFailure(error.message)
        }
        if json { return print(try Self.json(entries)) }
        guard !entries.isEmpty else { return print("no models deployed yet: add `deploy model as \"name\"` to a script") }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let numbers = NumberFormat(significantDigits: 4)
        var rows = [["name", "version", "estimator", "run", "deployed", "metrics"]]
        for entry in entries {
            let metrics = entry.metrics.keys.sorted().filter { $0 != "n" }.prefix(4).map { "\($0) \(numbers.format(entry.metrics[$0]!))" }
            rows.append([
                entry.name, String(entry.version), entry.estimator, entry.run.map { "#\($0)" } ?? "-", formatter.string(from: entry.createdAt),
                metrics.joined(separator: ", "),
            ])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { DisplayWidth.pad($0, to: $1) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    static func json(_ entries: [ModelRegistry.Entry]) throws -> String {
        let objects: [[String: Any]] = entries.map {
            [
                "name": $0.name, "version": $0.version, "estimator": $0.estimator, "run": $0.run.map { $0 as Any } ?? NSNull(),
                "deployed": ISO8601DateFormatter().string(from: $0.createdAt), "bundle": $0.directory,
                "metrics": $0.metrics.filter { $0.value.isFinite },
            ]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
