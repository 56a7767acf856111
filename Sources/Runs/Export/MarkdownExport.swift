import Foundation

/// `mlx export --to md`: a run as a Markdown notebook, readable as plain
/// text and rendered by any Markdown viewer (tables are GitHub-flavoured).
public enum MarkdownExport: RunLayout {
    /// The header table, each cell as a fenced `mlx` block followed by its
    /// output in a plain fenced block, then one table per section.
    public static func markdown(_ run: RunRecord, timeZone: TimeZone = .gmt) -> String {
        blocks(run, RunReport(run, timeZone: timeZone)).joined(separator: "\n\n") + "\n"
    }

    static func header(_ report: RunReport) -> String {
        "# \(report.title)\n\n" + table(headings: nil, rows: report.facts.map { [$0.label, $0.value] })
    }

    static func cell(_ cell: RunRecord.Cell) -> String {
        var parts = ["**\(cell.label)**" + (cell.failure.map { " ✗ \($0)" } ?? "")]
        // A meta command is not mlx code: its label says all there is.
        if !cell.isMetaCommand { parts.append(fenced(cell.trimmedSource, info: "mlx")) }
        if !cell.trimmedOutput.isEmpty { parts.append(fenced(cell.trimmedOutput, info: "")) }
        return parts.joined(separator: "\n\n")
    }

    static func note(_ text: String) -> String { "*\(text)*" }

    /// A second-level heading and a table.
    static func section(_ section: RunReport.Section) -> String {
        "## \(section.title)\n\n" + table(headings: section.headings, rows: section.rows)
    }

    /// `text` in a code fence longer than any run of backticks inside it, so
    /// no output can close the block early.
    static func fenced(_ text: String, info: String) -> String {
        var longest = 0, current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(info)\n\(text)\n\(fence)"
    }

    /// A pipe table; labelled values get an empty heading row, as Markdown
    /// has no table without one.
    static func table(headings: [String]?, rows: [[String]]) -> String {
        let width = headings?.count ?? 2
        let head = headings ?? Array(repeating: "", count: width)
        let lines = [head, Array(repeating: "---", count: width)] + rows
        return lines.map { "| " + $0.map(tableText).joined(separator: " | ") + " |" }.joined(separator: "\n")
    }

    /// A value safe inside a table cell: no pipe ends the cell, no line ends
    /// the row, and no `<` starts raw HTML.
    private static func tableText(_ value: String) -> String {
        value.map { character in
            switch character {
            case "|": return "\\|"
            case "<": return "&lt;"
            case "\n", "\r\n": return " "
            default: return String(character)
            }
        }.joined()
    }
}
