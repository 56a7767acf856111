import Foundation
import Tables

/// What differs between two recorded runs, section by section: parameters,
/// metrics, input data, the script, the environment and the seed. A pure
/// value; renderers turn it into text, Markdown or JSON.
public struct RunDiff: Equatable, Sendable {
    /// One of the two runs, as a comparison's header names it.
    public struct Side: Equatable, Sendable {
        /// The run's number in the store.
        public var number: Int
        /// The run's full content id.
        public var contentID: String
        /// Which script, session or replay produced the run, as `mlx show` says it.
        public var origin: String
        /// How the run ended.
        public var status: RunRecord.Status
        /// When the run started.
        public var startedAt: Date

        /// The short form of the content id.
        public var shortID: String { String(contentID.prefix(12)) }
    }

    /// A named value that differs; nil on a side means that run does not have it.
    public struct Change: Equatable, Sendable {
        /// What changed: a parameter, an environment field, `rows` of an input.
        public var name: String
        /// The value in the old run.
        public var old: String?
        /// The value in the new run.
        public var new: String?

        /// A change of `name` from `old` to `new` (nil: absent on that side).
        public init(name: String, old: String?, new: String?) {
            self.name = name
            self.old = old
            self.new = new
        }
    }

    /// A metric's last value in each run; nil on a side means that run did not report it.
    public struct MetricChange: Equatable, Sendable {
        /// The metric's name, as `test` reported it.
        public var name: String
        /// The last value in the old run.
        public var old: Double?
        /// The last value in the new run.
        public var new: Double?

        /// New minus old, when both runs reported the metric.
        public var delta: Double? {
            guard let old, let new else { return nil }
            return new - old
        }
    }

    /// An input file, by the path the script gave, whose fingerprint differs
    /// or that only one run loaded.
    public struct InputChange: Equatable, Sendable {
        /// The path as the scripts wrote it.
        public var path: String
        /// The file as the old run read it; nil if it did not.
        public var old: Fingerprint?
        /// The file as the new run read it; nil if it did not.
        public var new: Fingerprint?
        /// What differs (`sha256`, `bytes`, `rows`, `column NAME`, `column order`); empty when only one run loaded the file.
        public var changes: [Change]
    }

    /// The run compared from.
    public var old: Side
    /// The run compared to.
    public var new: Side
    /// Parameters whose value differs, or that only one run declared.
    public var parameters: [Change]
    /// Parameters with the same value in both runs.
    public var unchangedParameters: Int
    /// Metrics whose last value differs, or that only one run reported.
    public var metrics: [MetricChange]
    /// Metrics with the same last value in both runs.
    public var unchangedMetrics: Int
    /// Input files whose fingerprints differ, or that only one run loaded.
    public var data: [InputChange]
    /// The script's text (a REPL session's cells joined) as unified-diff hunks with 3 lines of context.
    public var script: [LineDiff.Hunk]
    /// Environment fields that differ (each field of `RunEnvironment`, the git commit and whether the tree was dirty).
    public var environment: [Change]
    /// The seed and the random generator, where they differ.
    public var seed: [Change]

    /// Whether no section found a difference.
    public var isEmpty: Bool {
        parameters.isEmpty && metrics.isEmpty && data.isEmpty && script.isEmpty && environment.isEmpty && seed.isEmpty
    }

    /// Compares `old` with `new`.
    public init(from old: RunRecord, to new: RunRecord) {
        self.old = Side(old)
        self.new = Side(new)
        (parameters, unchangedParameters) = Self.parameterChanges(old.parameters, new.parameters)
        (metrics, unchangedMetrics) = Self.metricChanges(old.latestMetricReports, new.latestMetricReports)
        data = Self.inputChanges(old.inputs, new.inputs)
        script = LineDiff.hunks(from: Self.scriptText(of: old), to: Self.scriptText(of: new))
        environment = Self.environmentChanges(old, new)
        seed = Self.changes([
            ("seed", old.seed.map(String.init) ?? "none", new.seed.map(String.init) ?? "none"),
            ("random generator", old.randomAlgorithm, new.randomAlgorithm),
        ])
    }

    /// The script a run executed: its recorded text, or a REPL session's cells one after another.
    public static func scriptText(of run: RunRecord) -> String {
        if let source = run.source { return source }
        return run.cells.map { $0.source + "\n" }.joined()
    }

    /// The `--- `/`+++ ` name of a run's script in the unified diff.
    public static func scriptName(of side: Side) -> String { "#\(side.number) \(side.origin)" }
}

extension RunDiff.Side {
    init(_ run: RunRecord) {
        self.init(number: run.number, contentID: run.contentID, origin: RunReport.origin(of: run), status: run.status, startedAt: run.startedAt)
    }
}
