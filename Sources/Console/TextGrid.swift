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
        let isRight = (0..<columns).map(rightAligned.contains)
        // Each line is laid out in bytes: `mlx runs --all` lays out tens of
        // thousands of cells, and string appends of pads and cells showed.
        var lines = [String]()
        lines.reserveCapacity(rows.count + 1)
        var line = [UInt8]()
        for (index, cells) in rows.enumerated() {
            let isHeader = header && index == 0
            line.removeAll(keepingCapacity: true)
            for (c, cell) in cells.enumerated() {
                let padding = widths[c] - cellWidths[index][c]
                if c > 0 { line.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2)) }
                let right = !isHeader && isRight[c]
                if right { line.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding)) }
                line.append(contentsOf: cell.utf8)
                if !right { line.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding)) }
            }
            while line.last == UInt8(ascii: " ") { line.removeLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            if isHeader { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines
    }
}
