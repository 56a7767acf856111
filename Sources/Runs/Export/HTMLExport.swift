import Foundation

/// `mlx export --to html`: a run as one self-contained page (inline style,
/// no scripts, nothing fetched), safe to open whatever the run printed.
public enum HTMLExport: RunLayout {
    /// The page: header table, cells with their outputs, section tables.
    public static func html(_ run: RunRecord, timeZone: TimeZone = .gmt) -> String {
        let report = RunReport(run, timeZone: timeZone)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape("mlx \(report.title) · \(RunReport.origin(of: run))"))</title>
            <style>\(style)</style>
            </head>
            <body>
            \(blocks(run, report).joined(separator: "\n"))
            </body>
            </html>

            """
    }

    static func header(_ report: RunReport) -> String {
        "<h1>\(escape(report.title))</h1>\n" + table(headings: nil, rows: report.facts.map { [$0.label, $0.value] })
    }

    static func note(_ text: String) -> String { "<p class=\"note\">\(escape(text))</p>" }

    static func section(_ section: RunReport.Section) -> String {
        "<h2>\(escape(section.title))</h2>\n" + table(headings: section.headings, rows: section.rows)
    }

    static func cell(_ cell: RunRecord.Cell) -> String {
        let classes = cell.failure == nil ? "cell" : "cell failed"
        var parts = ["<div class=\"prompt\">\(escape(cell.label))\(cell.failure.map { " ✗ \($0)" } ?? "")</div>"]
        // HTML drops a newline right after <pre>: this one, not the text's own.
        if !cell.isMetaCommand { parts.append("<pre class=\"source\">\n\(escape(cell.trimmedSource))</pre>") }
        if !cell.trimmedOutput.isEmpty { parts.append("<pre class=\"output\">\n\(escape(cell.trimmedOutput))</pre>") }
        return "<section class=\"\(classes)\">\n" + parts.joined(separator: "\n") + "\n</section>"
    }

    private static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    private static func table(headings: [String]?, rows: [[String]]) -> String {
        var lines = ["<table>"]
        if let headings { lines.append("<tr>" + headings.map { "<th>\(escape($0))</th>" }.joined() + "</tr>") }
        for row in rows {
            // Without headings the first column labels the row.
            let cells = row.enumerated().map { column, text in
                headings == nil && column == 0 ? "<th scope=\"row\">\(escape(text))</th>" : "<td>\(escape(text))</td>"
            }
            lines.append("<tr>" + cells.joined() + "</tr>")
        }
        lines.append("</table>")
        return lines.joined(separator: "\n")
    }

    private static let style = """
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
        table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{text-align:left;padding:.2rem .8rem .2rem 0;vertical-align:top}\
        th[scope=row]{font-weight:normal;color:#666}.cell{margin:1rem 0}.prompt{color:#666;font-family:monospace}\
        pre{margin:.2rem 0;padding:.5rem;overflow-x:auto;white-space:pre}.source{background:#f4f4f4}\
        .output{border-left:3px solid #ddd}.failed .prompt,.failed .output{color:#b00}.note{font-style:italic}
        """
}
