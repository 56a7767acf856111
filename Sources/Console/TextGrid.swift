/// Rows of text cells aligned in columns by display width, two spaces apart,
/// with trailing spaces trimmed: the layout of every table mlx prints.
public enum TextGrid {
    /// `rows` aligned; the first row is a header followed by a rule of `─`
    /// when `header` is true. Columns in `rightAligned` are padded on the
    /// left, except in the header.
    public static func lines(_ rows: [[String]], header: Bool = true, rightAligned: Set<Int> = []) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? DisplayWidth.of($0[c]) : 0 }.max() ?? 0 }
        var lines = [String]()
        for (index, cells) in rows.enumerated() {
            let isHeader = header && index == 0
            let padded = cells.enumerated().map { c, cell in DisplayWidth.pad(cell, to: widths[c], right: !isHeader && rightAligned.contains(c)) }
            lines.append(padded.joined(separator: "  ").trimmingTrailingSpaces())
            if isHeader { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines
    }
}
