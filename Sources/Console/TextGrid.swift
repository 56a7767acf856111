/// Rows of text cells aligned in columns by display width, two spaces apart,
/// with trailing spaces trimmed: the layout of every table mlx prints.
///
/// The cells are kept in one byte buffer rather than as an array of strings
/// per row: `mlx runs --all` lays out over a hundred thousand cells, and the
/// arrays, strings and lines made for each row were most of its time. A
/// table may be made in parts (on several threads) and laid out as one.
public struct TextGrid: Sendable {
    private var bytes = [UInt8]()
    /// Where each cell ends in `bytes`.
    private var cellEnds = [Int32]()
    private var cellWidths = [Int32]()
    /// How many cells there are up to the end of each row.
    private var rowEnds = [Int32]()

    /// An empty grid with room for about `cells` cells of `bytesPerCell` bytes.
    public init(reservingCells cells: Int = 0, bytesPerCell: Int = 8) {
        bytes.reserveCapacity(cells * bytesPerCell)
        cellEnds.reserveCapacity(cells)
        cellWidths.reserveCapacity(cells)
    }

    /// Rows as given; rows may have different numbers of cells.
    public init(_ rows: [[String]]) {
        self.init(reservingCells: rows.reduce(0) { $0 + $1.count })
        for row in rows {
            for cell in row { append(cell) }
            endRow()
        }
    }

    /// Adds `cell` to the current row.
    public mutating func append(_ cell: String) {
        var cell = cell
        cell.withUTF8 { utf8 in
            bytes.append(contentsOf: utf8)
            // Printable ASCII, nearly every cell, is one column a byte.
            let printableASCII = utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
            cellWidths.append(Int32(printableASCII ? utf8.count : DisplayWidth.of(String(decoding: utf8, as: UTF8.self))))
        }
        cellEnds.append(Int32(bytes.count))
    }

    /// Ends the current row; the next cell starts a new one.
    public mutating func endRow() {
        rowEnds.append(Int32(cellEnds.count))
    }

    /// The rows of `parts`, one after the other, laid out as one grid in lines
    /// joined by line breaks; the first row is a header followed by a rule of
    /// `─` when `header` is true. Columns in `rightAligned` are padded on the
    /// left, except in the header.
    public static func text(_ parts: [TextGrid], header: Bool = true, rightAligned: Set<Int> = []) -> String {
        let widths = columnWidths(parts)
        let isRight = widths.indices.map(rightAligned.contains)
        let rule = Array(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ").utf8)
        let rows = parts.reduce(0) { $0 + $1.rowEnds.count }
        // Room for every cell's bytes and at most a column's width of padding
        // each (a cell's bytes may outnumber its columns), before trimming.
        let padding = rows * (widths.reduce(0, +) + 2 * widths.count + 1)
        let capacity = padding + parts.reduce(0) { $0 + $1.bytes.count } + rule.count + 1
        return String(unsafeUninitializedCapacity: capacity) { text in
            var end = 0
            func put(_ byte: UInt8, _ count: Int) {
                for _ in 0..<count { text[end] = byte; end += 1 }
            }
            var isFirstRow = true
            for part in parts {
                part.bytes.withUnsafeBufferPointer { bytes in
                    var first = 0
                    for rowEnd in part.rowEnds {
                        let isHeader = header && isFirstRow
                        if !isFirstRow { put(UInt8(ascii: "\n"), 1) }
                        let lineStart = end
                        for (c, cell) in (first..<Int(rowEnd)).enumerated() {
                            if c > 0 { put(UInt8(ascii: " "), 2) }
                            let padding = widths[c] - Int(part.cellWidths[cell])
                            let right = !isHeader && isRight[c]
                            if right { put(UInt8(ascii: " "), padding) }
                            let cellBytes = UnsafeBufferPointer(rebasing: bytes[(cell == 0 ? 0 : Int(part.cellEnds[cell - 1]))..<Int(part.cellEnds[cell])])
                            _ = UnsafeMutableBufferPointer(rebasing: text[end...]).initialize(fromContentsOf: cellBytes)
                            end += cellBytes.count
                            if !right { put(UInt8(ascii: " "), padding) }
                        }
                        while end > lineStart, text[end - 1] == UInt8(ascii: " ") { end -= 1 }
                        if isHeader {
                            put(UInt8(ascii: "\n"), 1)
                            _ = UnsafeMutableBufferPointer(rebasing: text[end...]).initialize(fromContentsOf: rule)
                            end += rule.count
                        }
                        isFirstRow = false
                        first = Int(rowEnd)
                    }
                }
            }
            return end
        }
    }

    /// The widest cell of each column over all `parts`.
    private static func columnWidths(_ parts: [TextGrid]) -> [Int] {
        var widths = [Int]()
        for part in parts {
            var first = 0
            for end in part.rowEnds {
                for (c, cell) in (first..<Int(end)).enumerated() {
                    if c == widths.count { widths.append(0) }
                    widths[c] = max(widths[c], Int(part.cellWidths[cell]))
                }
                first = Int(end)
            }
        }
        return widths
    }
}
