import Foundation
import Tables

/// Everything recorded about one run: a REPL session, an `mlx run`, or a replay.
public struct RunRecord: Codable, Equatable, Sendable {
    /// What produced the run.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case script, repl, replay
    }

    /// How the run ended (or that it has not).
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Still being written by a live process.
        case running
        /// Every statement ran and every assert held.
        case ok
        /// At least one assert failed.
        case failed
        /// A syntax or runtime error stopped it.
        case error
        /// The process ended without finishing the run (killed, crashed).
        case interrupted
    }

    /// One cell: a statement of a script, or what was entered at one REPL prompt.
    public struct Cell: Codable, Equatable, Sendable {
        /// The number shown at its prompt (`[n]`); 0 for a REPL meta command such as `:reset`.
        public var number: Int
        public var source: String
        /// What the cell printed, standard output and error interleaved, without colour.
        public var output: String
        /// SHA-256 of the cell's value (or of the values it assigned), if any.
        public var valueDigest: String?
        /// Wall time in seconds.
        public var duration: Double
        /// Whether the cell ran to its end without an error. A failed assert
        /// is not one: the script goes on past it (see `assertFailed`).
        public var succeeded: Bool
        /// Whether Ctrl-C stopped it part way, or the run was killed before its
        /// record was complete (no value digest): it cannot be replayed.
        public var interrupted = false
        /// Whether it is interrupted because the run was killed before its
        /// record was complete, rather than by Ctrl-C: it may have finished,
        /// succeeded or not.
        public var recordCutShort = false
        /// Whether an assert in it failed: the gate a run failed at, marked
        /// where the run is shown. Runs recorded before schema version 8 never say so.
        public var assertFailed = false
    }

    /// A `param` and the value it took.
    public struct Parameter: Codable, Equatable, Sendable {
        public var name: String
        /// The value as the language writes it.
        public var value: String
        /// Whether `--set` gave it.
        public var overridden: Bool
    }

    /// A number reported by `test` (or cross-validation) in a cell.
    public struct Metric: Codable, Equatable, Sendable {
        public var cell: Int
        public var name: String
        public var value: Double
    }

    /// A file the run loaded, fingerprinted before use.
    public struct Input: Codable, Equatable, Sendable {
        public var cell: Int
        /// The path as the script wrote it.
        public var path: String
        /// The absolute path it resolved to.
        public var resolvedPath: String
        public var fingerprint: Fingerprint
        /// The object holding a copy of the bytes, for files small enough to keep.
        public var snapshot: String?
    }

    /// A model trained in a cell, stored as a model document in the object store.
    public struct Model: Codable, Equatable, Sendable {
        public var cell: Int
        public var estimator: String
        /// The SHA-256 of the model document, its name in the object store.
        public var object: String
    }

    /// A model version the run deployed.
    public struct Deployed: Codable, Equatable, Sendable {
        public var name: String
        public var version: Int
        /// The SHA-256 of the deployed model document (its object name).
        public var model: String
    }

    /// The short sequential number (1, 2, 3, …) within the store.
    public var number: Int
    /// A SHA-256 chained over the run's content as it was written, in hex.
    public var contentID: String
    public var kind: Kind
    /// The script's name as given on the command line; nil for a REPL session.
    public var script: String?
    /// The whole script text (scripts and their replays).
    public var source: String?
    public var workingDirectory: String
    public var startedAt: Date
    public var endedAt: Date?
    public var status: Status
    public var exitCode: Int?
    public var seed: UInt64?
    /// The random generator's algorithm and stream version.
    public var randomAlgorithm: String
    /// `--set name=value` as given, in order, so a replay can give them again.
    public var overrides: [String]
    /// Significant digits numbers in tables and matrices were shown with (`mlx run --digits`).
    public var digits: Int
    public var parameters: [Parameter]
    public var cells: [Cell]
    public var metrics: [Metric]
    public var inputs: [Input]
    public var models: [Model]
    /// Models the run deployed to the registry, in order; for a replay (which
    /// deploys nothing), those of the run its chain of replays started from.
    public var deployments: [Deployed] = []
    public var environment: RunEnvironment
    public var git: GitState?
    /// For a replay: the number of the run it replayed, and what it found.
    public var replayOf: Int?
    public var verdict: String?

    /// The short form of the content id shown in listings.
    public var shortID: String { String(contentID.prefix(12)) }

    /// The last value of each metric, in the order first reported.
    public var latestMetrics: [(name: String, value: Double)] {
        latestMetricReports.map { ($0.name, $0.value) }
    }

    /// The last report of each metric (with the cell that made it), in the order first reported.
    public var latestMetricReports: [Metric] {
        var order = [String](), latest = [String: Metric]()
        for metric in metrics {
            if latest[metric.name] == nil { order.append(metric.name) }
            latest[metric.name] = metric
        }
        return order.map { latest[$0]! }
    }

    /// Wall time from start to end, if it ended.
    public var duration: Double? { endedAt.map { $0.timeIntervalSince(startedAt) } }
}
