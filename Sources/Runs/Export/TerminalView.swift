import Foundation

/// `mlx show`: a run as plain text for the terminal, read like the REPL
/// transcript it was (or would have been), followed by what it recorded.
public enum TerminalView: RunLayout {
    /// The whole run: header, each cell with its output, then the sections.
    public static func text(_ run: RunRecord, timeZone: TimeZone = .current) -> String {
        blocks(run, RunReport(run, timeZone: timeZone)).joined(separator: "\n\n") + "\n"
    }

    static func header(_ report: RunReport) -> String {
        ([report.title] + aligned(report.facts.map { [$0.label, $0.value] }, indent: "  ")).joined(separator: "\n")
    }

    static func note(_ text: String) -> String { "(\(text))" }

    /// A cell as the REPL showed it: `[n] ` before the first line, `...: `
    /// before the others, then what it printed.
    static func cell(_ cell: RunRecord.Cell) -> String {
        var lines = [String]()
        if cell.isMetaCommand {
            lines.append(cell.trimmedSource)
        } else {
            let first = "[\(cell.number)] "
            let continuation = String(repeating: " ", count: max(0, first.count - 4)) + "...: "
            for (index, line) in cell.trimmedSource.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append((index == 0 ? first : continuation) + line)
            }
        }
        if !cell.trimmedOutput.isEmpty { lines.append(cell.trimmedOutput) }
        if !cell.succeeded { lines.append("✗ cell failed") } else if cell.assertFailed { lines.append("✗ assert failed") }
        return lines.joined(separator: "\n")
    }

    static func section(_ section: RunReport.Section) -> String {
        let rows = section.headings.map { [$0] + section.rows } ?? section.rows
        return ([section.title] + aligned(rows, indent: "  ")).joined(separator: "\n")
    }

    /// Rows as lines with every column but the last padded to its widest cell.
    static func aligned(_ rows: [[String]], indent: String) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            let padded = row.enumerated().map { column, text in
                column == row.count - 1 ? text : text + String(repeating: " ", count: widths[column] - text.count)
            }
            // An empty last column (an unmarked parameter) leaves no trailing blanks.
            var line = indent + padded.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
