import Foundation
import Language

/// What every rendering of a run says around its cells, already in words: a
/// title, the header facts and the sections as tables. The formats differ in
/// layout only, so `mlx show` and every export tell the same story.
public struct RunReport: Equatable, Sendable {
    /// A labelled value: a header line, or a row of a section without headings.
    public struct Fact: Equatable, Sendable {
        /// What the value is (`status`, `started`).
        public let label: String
        /// The value in words.
        public let value: String
    }

    /// One section (parameters, metrics, data, models, environment, git) as a table.
    public struct Section: Equatable, Sendable {
        /// The section's name, lower case.
        public let title: String
        /// Column headings; nil for a list of labelled values, whose rows are `[label, value]`.
        public let headings: [String]?
        /// The cells of the table, each row as long as `headings` (or two without headings).
        public let rows: [[String]]
    }

    /// `run #12`.
    public let title: String
    /// Identity, origin, status, time and seed.
    public let facts: [Fact]
    /// The sections that have something to say, in a fixed order.
    public let sections: [Section]

    /// Describes `run`, with times in `timeZone`.
    public init(_ run: RunRecord, timeZone: TimeZone = .current) {
        title = "run #\(run.number)"
        facts = Self.facts(of: run, timeZone: timeZone)
        sections = Self.sections(of: run)
    }

    // MARK: Header

    private static func facts(of run: RunRecord, timeZone: TimeZone) -> [Fact] {
        var facts = [
            Fact(label: "id", value: run.shortID),
            Fact(label: "from", value: origin(of: run)),
            Fact(label: "status", value: status(of: run)),
            Fact(label: "started", value: timestamp(run.startedAt, in: timeZone)),
            Fact(label: "duration", value: duration(of: run)),
        ]
        if let verdict = run.verdict { facts.append(Fact(label: "verdict", value: verdict)) }
        if let seed = run.seed { facts.append(Fact(label: "seed", value: String(seed))) }
        return facts
    }

    /// Which script, session or replay produced the run; a file name's control characters shown, not sent.
    static func origin(of run: RunRecord) -> String {
        switch run.kind {
        case .script: return run.script?.visible ?? "script"
        case .repl: return "repl"
        case .replay:
            let of = run.replayOf.map { "replay of #\($0)" } ?? "replay"
            return run.script.map { "\(of) (\($0.visible))" } ?? of
        }
    }

    private static func status(of run: RunRecord) -> String {
        let exit = run.exitCode.map { " (exit \($0))" } ?? ""
        switch run.status {
        case .running: return "running: still being recorded"
        case .ok: return "ok" + exit
        case .failed: return "failed: an assert failed" + exit
        case .error: return "error: a syntax or runtime error stopped it" + exit
        case .interrupted: return "interrupted: the process ended before the run finished"
        }
    }

    private static func duration(of run: RunRecord) -> String {
        guard let seconds = run.duration else { return "still running" }
        // An interrupted run's end is estimated from its recorded cells.
        return formatDuration(seconds) + (run.status == .interrupted ? " (to its last recorded cell)" : "")
    }

    /// `2025-06-01 14:03:22 +02:00`: sortable, unambiguous across time zones.
    static func timestamp(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: date)
    }

    /// `412 ms`, `4.07 s`, `3 min 07 s`, `2 h 05 min`.
    /// (Integer arithmetic, not String(format:): `mlx runs --all` formats
    /// thousands of durations, and CoreFoundation's formatting showed.)
    public static func formatDuration(_ seconds: Double) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 {
            let hundredths = Int((seconds * 100).rounded())
            return "\(hundredths / 100).\(two(hundredths % 100)) s"
        }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min \(two(whole % 60)) s" }
        return "\(whole / 3600) h \(two(whole % 3600 / 60)) min"
    }
}
