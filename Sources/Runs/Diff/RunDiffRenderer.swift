import Foundation
import Language
import Numerics
import Tables

/// `mlx diff`: a comparison of two runs as aligned text, as Markdown for a
/// pull-request comment, or as JSON. Every section is always there and
/// says "no differences" when it found none.
public struct RunDiffRenderer {
    /// The zone the runs' start times are shown in.
    public var timeZone: TimeZone

    /// A renderer showing times in `timeZone`.
    public init(timeZone: TimeZone = .current) { self.timeZone = timeZone }

    /// A section as a table: a row per difference (none: no differences).
    struct Section {
        /// The section's name, lower case.
        var title: String
        /// Column headings, for Markdown.
        var headings: [String]
        var rows: [[String]]
        /// How many items compared equal, in the sections that count them.
        var unchanged = 0
        /// Rows start with this many columns before the old value (the data section adds what differs).
        var labelColumns = 1
    }

    /// The two runs side by side: number, origin, status, start, short id.
    func runs(_ diff: RunDiff) -> [[String]] {
        [diff.old, diff.new].map { ["#\($0.number)", $0.origin, $0.status.rawValue, RunReport.timestamp($0.startedAt, in: timeZone), $0.shortID] }
    }

    /// The table sections in order; the script's diff goes between the two groups.
    func sections(_ diff: RunDiff) -> (before: [Section], after: [Section]) {
        let (a, b) = ("#\(diff.old.number)", "#\(diff.new.number)")
        let parameters = Section(
            title: "parameters", headings: ["parameter", a, b], rows: diff.parameters.map(Self.row), unchanged: diff.unchangedParameters)
        let metrics = Section(
            title: "metrics", headings: ["metric", a, b, "change"],
            rows: diff.metrics.map { [$0.name, Self.number($0.old), Self.number($0.new), $0.delta.map(Self.signed) ?? ""] },
            unchanged: diff.unchangedMetrics)
        let data = Section(title: "data", headings: ["file", "", a, b], rows: diff.data.flatMap(Self.rows), labelColumns: 2)
        let environment = Section(title: "environment", headings: ["", a, b], rows: diff.environment.map(Self.row))
        let seed = Section(title: "seed", headings: ["", a, b], rows: diff.seed.map(Self.row))
        return ([parameters, metrics, data], [environment, seed])
    }

    private static func row(_ change: RunDiff.Change) -> [String] { [change.name, change.old ?? "—", change.new ?? "—"] }

    /// A changed input: a row per difference, the path on the first. An
    /// input only one run loaded: its sha256 and rows on that side.
    private static func rows(_ input: RunDiff.InputChange) -> [[String]] {
        let rows: [[String]]
        if input.changes.isEmpty {
            let sha256 = { (f: Fingerprint) in String(f.sha256.prefix(12)) }, count = { (f: Fingerprint) in String(f.rowCount) }
            rows = [("sha256", sha256), ("rows", count)].map { what, value in [what, input.old.map(value) ?? "—", input.new.map(value) ?? "—"] }
        } else {
            rows = input.changes.map(row)
        }
        return rows.enumerated().map { [$0.offset == 0 ? input.path : ""] + $0.element }
    }

    /// A metric exactly as `mlx show` prints it; `—` when the run did not report it.
    static func number(_ x: Double?) -> String { x.map(formatNumber) ?? "—" }

    /// A change with its sign, to 6 significant digits: the difference of two
    /// rounded scores carries noise in its last digits.
    static func signed(_ x: Double) -> String { x.isNaN ? "" : String(format: "%+.6g", x) }

    /// The script's unified diff under `#N origin` names; empty when the scripts are the same.
    func script(_ diff: RunDiff) -> String {
        LineDiff.unified(diff.script, oldName: RunDiff.scriptName(of: diff.old), newName: RunDiff.scriptName(of: diff.new))
    }

    // MARK: Text

    /// Aligned text for a terminal.
    public func text(_ diff: RunDiff) -> String {
        var blocks = [TerminalView.aligned(runs(diff), indent: "").joined(separator: "\n")]
        let (before, after) = sections(diff)
        blocks += before.map(text)
        let script = script(diff)
        blocks.append("script\n" + (script.isEmpty ? "  no differences" : String(script.dropLast())))
        blocks += after.map(text)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private func text(_ section: Section) -> String {
        guard !section.rows.isEmpty else { return section.title + "\n  no differences" }
        let arrowed = section.rows.map { row in row.prefix(section.labelColumns + 1) + ["→"] + row.dropFirst(section.labelColumns + 1) }
        var lines = [section.title] + TerminalView.aligned(arrowed.map(Array.init), indent: "  ")
        if section.unchanged > 0 { lines.append("  (\(section.unchanged) unchanged)") }
        return lines.joined(separator: "\n")
    }
}
