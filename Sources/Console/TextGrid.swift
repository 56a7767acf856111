/// Rows of text cells aligned in columns by display width, two spaces apart,
/// with trailing spaces trimmed: the layout of every table mlx prints.
public enum TextGrid {
    /// `rows` aligned; the first row is a header followed by a rule of `─`
    /// when `header` is true. Columns in `rightAligned` are padded on the
    /// left, except in the header.
    public static func lines(_ rows: [[String]], header: Bool = true, rightAligned: Set<Int> = []) -> [String] {
        let cellWidths = rows.map { $0.map(DisplayWidth.of) }
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in cellWidths.map { c < $0.count ? $0[c] : 0 }.max() ?? 0 }
        // Padding is cut from one string of spaces: `mlx runs --all` lays out
        // tens of thousands of cells, and a new string per pad showed.
        let spaces = String(repeating: " ", count: (widths.max() ?? 0) + 2)
        var lines = [String]()
        lines.reserveCapacity(rows.count + 1)
        for (index, cells) in rows.enumerated() {
            let isHeader = header && index == 0
            var line = ""
            for (c, cell) in cells.enumerated() {
                let padding = spaces.prefix(widths[c] - cellWidths[index][c])
                if c > 0 { line.append(contentsOf: spaces.prefix(2)) }
                let right = !isHeader && rightAligned.contains(c)
                line.append(contentsOf: right ? padding : "")
                line.append(cell)
                line.append(contentsOf: right ? "" : padding)
            }
            while line.utf8.last == UInt8(ascii: " ") { line.removeLast() }
            lines.append(line)
            if isHeader { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines
    }
}
