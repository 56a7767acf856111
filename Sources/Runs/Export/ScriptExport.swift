import Foundation
import Language

/// `mlx export --to mlx`: a run as a script `mlx run` accepts.
public enum ScriptExport {
    /// A script run (or a replay of one) gives back exactly the text that
    /// ran, with the values `--set` gave written in. A REPL session
    /// gives its cells that ran without an error, in order, under a comment
    /// naming the run; like `:save`, a `:reset` starts over, since nothing
    /// before it can matter to what follows.
    public static func script(_ run: RunRecord, timeZone: TimeZone = .gmt) -> String {
        if let source = run.source { return withOverrides(source, run.parameters) }
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

    /// `source` with each value `--set` gave written into its `param` line, the script's own
    /// default kept in a comment at the line's end: the export then runs as the run did, and
    /// its lines keep their numbers. Without `--set` the text is returned as it is.
    static func withOverrides(_ source: String, _ parameters: [RunRecord.Parameter]) -> String {
        let given = Dictionary(parameters.filter(\.overridden).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        guard !given.isEmpty else { return source }
        var bytes = Array(source.utf8)
        let edits = Parser.parse(SourceFile(name: "", text: source)).program.statements.compactMap { statement -> (Name, SourceRange, String)? in
            guard case .param(let name, let value) = statement.kind, let literal = given[name.text] else { return nil }
            return (name, value.range, literal)
        }
        for (name, range, literal) in edits.reversed() {
            // On one line, so that the comment holds all of a default written over several.
            let original = String(decoding: bytes[range.start..<range.end], as: UTF8.self).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            // A value with no literal (nan, inf) stays a comment: written in, the script would not parse.
            let written = Value(literal: literal) != nil
            var comment = "  # --set \(name.text); the script says \(original)"
            if written {
                // The lines a default written over several took stay, empty, so later lines keep their numbers.
                let lines = bytes[range.start..<range.end].filter { $0 == UInt8(ascii: "\n") }.count
                comment += String(repeating: "\n", count: lines)
                bytes.replaceSubrange(range.start..<range.end, with: Array(literal.utf8))
            } else {
                comment = "  # the run had --set \(name.text)=\(literal), which has no literal to write here"
            }
            var lineEnd = bytes[(range.start + (written ? literal.utf8.count : range.end - range.start))...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if lineEnd > 0, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            bytes.insert(contentsOf: Array(comment.utf8), at: lineEnd)
        }
        return String(decoding: bytes, as: UTF8.self)
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
