import Foundation

/// `mlx export --to md`: a run as a Markdown notebook, readable as plain
/// text and rendered by any Markdown viewer (tables are GitHub-flavoured).
public enum MarkdownExport {
    /// The header table, each cell as a fenced `mlx` block followed by its
    /// output in a plain fenced block, then one table per section.
    public static func markdown(_ run: RunRecord, timeZone: TimeZone = .gmt) -> String {
        let report = RunReport(run, timeZone: timeZone)
        var blocks = [header(report)]
        blocks += run.cells.map(cell)
        if let note = run.unfinishedNote { blocks.append("*\(note)*") }
        blocks.append(sections(report))
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// The title and the header facts.
    static func header(_ report: RunReport) -> String {
        "# \(report.title)\n\n" + table(headings: nil, rows: report.facts.map { [$0.label, $0.value] })
    }

    /// Every section as a second-level heading and a table.
    static func sections(_ report: RunReport) -> String {
        report.sections.map { "## \($0.title)\n\n" + table(headings: $0.headings, rows: $0.rows) }.joined(separator: "\n\n")
    }

    private static func cell(_ cell: RunRecord.Cell) -> String {
        var parts = ["**\(cell.label)**" + (cell.succeeded ? "" : " ✗ failed")]
        // A meta command is not mlx code: its label says all there is.
        if !cell.isMetaCommand { parts.append(fenced(cell.trimmedSource, info: "mlx")) }
        if !cell.trimmedOutput.isEmpty { parts.append(fenced(cell.trimmedOutput, info: "")) }
        return parts.joined(separator: "\n\n")
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
        value.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\n", with: " ")
    }
}
