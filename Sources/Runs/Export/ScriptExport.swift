import Foundation

/// `mlx export --to mlx`: a run as a script `mlx run` accepts.
public enum ScriptExport {
    /// A script run (or a replay of one) gives back exactly the text that
    /// ran, so the export is byte-identical to the script. A REPL session
    /// gives its cells that ran without an error, in order, under a comment
    /// naming the run; like `:save`, a `:reset` starts over, since nothing
    /// before it can matter to what follows.
    public static func script(_ run: RunRecord, timeZone: TimeZone = .gmt) -> String {
        if let source = run.source { return source }
        var kept = [RunRecord.Cell](), reset = false
        for cell in run.cells {
            if cell.isMetaCommand, cell.source.hasPrefix(":reset") {
                kept = []
                reset = true
            } else if cell.succeeded, !cell.isMetaCommand {
                kept.append(cell)
            }
        }
        let header = comment(run, kept: kept, reset: reset, timeZone: timeZone)
        return (header + kept.map(\.trimmedSource)).joined(separator: "\n") + "\n"
    }

    private static func comment(_ run: RunRecord, kept: [RunRecord.Cell], reset: Bool, timeZone: TimeZone) -> [String] {
        let started = RunReport.timestamp(run.startedAt, in: timeZone)
        var lines = ["# mlx run #\(run.number) (\(RunReport.origin(of: run)), started \(started), id \(run.shortID))"]
        let left = run.cells.filter { !$0.isMetaCommand }.count - kept.count
        var note = "# \(kept.count) cell\(kept.count == 1 ? "" : "s")"
        if left > 0 { note += "; \(left) left out (failed\(reset ? ", or before the last :reset" : ""))" }
        lines.append(note + "; run it with `mlx run`")
        if kept.contains(where: { $0.source.contains("out(") }) {
            lines.append("# note: out(n) counts top-level statements in a script, which may differ from the session's cell numbers")
        }
        return lines
    }
}
