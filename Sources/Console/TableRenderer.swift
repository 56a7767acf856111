import Language
import Tables

/// Draws a table as aligned text: a header, a rule, up to `maxRows` rows
/// (head and tail around an ellipsis row when there are more), numbers right-aligned.
public struct TableRenderer {
    public var numbers = NumberFormat()
    public var maxRows = 20
    public var maxCellWidth = 24

    public init(numbers: NumberFormat = NumberFormat(), maxRows: Int = 20, maxCellWidth: Int = 24) {
        self.numbers = numbers
        self.maxRows = maxRows
        self.maxCellWidth = maxCellWidth
    }

    public func render(_ table: Table) -> String {
        guard table.columnCount > 0 else { return "(empty table: \(table.rowCount) rows, no columns)" }
        let shownRows = rowsToShow(table.rowCount)
        var grid = [table.columnNames.map { DisplayWidth.truncate($0.replacingControlCharacters(), to: maxCellWidth) }]
        for row in shownRows {
            grid.append(row.map { r in table.columns.map { DisplayWidth.truncate(text(of: $0[r]), to: maxCellWidth) } } ?? table.columns.map { _ in "…" })
        }
        let rightAligned = Set(table.columns.indices.filter { table.columns[$0].type.isNumeric })
        let size = "\(table.rowCount) row\(table.rowCount == 1 ? "" : "s") × \(table.columnCount) column\(table.columnCount == 1 ? "" : "s")"
        return TextGrid.text([TextGrid(grid)], rightAligned: rightAligned) + "\n" + size
    }

    /// Row indices to draw; nil marks the elided middle.
    private func rowsToShow(_ count: Int) -> [Int?] {
        guard count > maxRows else { return Array(0..<count) }
        let head = maxRows / 2, tail = maxRows - head
        return Array(0..<head) + [nil] + Array((count - tail)..<count)
    }

    private func text(of cell: Cell) -> String {
        switch cell {
        case .missing: return "NA"
        case .number(let x): return numbers.format(x)
        case .integer(let i): return String(i)
        case .boolean(let b): return b ? "true" : "false"
        case .text(let s): return s.replacingControlCharacters()
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// Newlines and tabs inside a cell would break the grid, other control characters
    /// (an escape sequence in a data file) would reach the terminal, and bidirectional
    /// controls would reorder what is shown: show them escaped.
    func replacingControlCharacters() -> String {
        // Printable ASCII, most cells, has nothing to replace: skip the per-scalar category lookups.
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return self }
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.isBidirectionalControl: result += scalar.escapedForDisplay
            default: result.unicodeScalars.append(scalar.properties.generalCategory == .control ? "�" : scalar)
            }
        }
        return result
    }
}
