import Foundation
import Runs

/// What `mlx gc` removed (or would remove), and what it kept and why.
public enum GarbageReportRenderer {
    /// The report as lines for a person; `dryRun` words it as what would happen.
    public static func text(_ report: RunStore.GarbageReport, dryRun: Bool) -> String {
        let verb = dryRun ? "would remove" : "removed"
        var lines = [String]()
        if !report.objects.isEmpty {
            lines.append("\(verb) \(count(report.objects.count, "object")) no run refers to (\(RunReport.byteSize(total(report.objects)))):")
            lines += report.objects.map { "  \($0.name.prefix(12))  \(RunReport.byteSize($0.size))" }
        }
        if !report.temporaries.isEmpty {
            lines.append("\(verb) \(count(report.temporaries.count, "temporary file")) left by killed writers (\(RunReport.byteSize(total(report.temporaries)))):")
            lines += report.temporaries.map { "  \($0.name)  \(RunReport.byteSize($0.size))" }
        }
        if report.keptForLiveRuns > 0 {
            let since = report.oldestLiveRun.map(Self.since) ?? "during the collection"
            lines.append("kept \(count(report.keptForLiveRuns, "unreferenced object")) written \(since)")
        }
        if report.objects.isEmpty && report.temporaries.isEmpty {
            lines.append("nothing to remove: \(count(report.referenced, "object")) referenced by runs")
        } else {
            lines.append("\(dryRun ? "would free" : "freed") \(RunReport.byteSize(report.bytesFreed)); \(count(report.referenced, "object")) referenced by runs kept")
        }
        return lines.joined(separator: "\n")
    }

    /// Since when objects were kept for `run`: by its number, or, for a run
    /// whose row is not written yet (a script's in CI), by its script.
    private static func since(_ run: RunStore.GarbageReport.LiveRun) -> String {
        if let number = run.number { return "since run #\(number) started (still running)" }
        return "since \(run.script.map { "a run of \($0)" } ?? "a REPL session") started (still running, not numbered yet)"
    }

    private static func total(_ removals: [RunStore.GarbageReport.Removal]) -> Int { removals.reduce(0) { $0 + $1.size } }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
