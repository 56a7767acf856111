import Tables

/// Draws `describe` output: one row per column with its statistics.
public struct DescriptionRenderer {
    public var numbers = NumberFormat()

    public init(numbers: NumberFormat = NumberFormat()) { self.numbers = numbers }

    public func render(_ summaries: [ColumnSummary]) -> String {
        let header = ["column", "type", "count", "missing", "mean", "sd", "min", "25%", "50%", "75%", "max", "unique", "top", "freq"]
        var grid = [header]
        for s in summaries {
            let n = s.numeric, c = s.categorical
            let stats = [n?.mean, n?.sd, n?.min, n?.q25, n?.median, n?.q75, n?.max].map { $0.map(numbers.format) ?? "" }
            grid.append(
                [DisplayWidth.truncate(s.name.replacingControlCharacters(), to: 24), s.type.rawValue, String(s.count), String(s.missing)] + stats
                    + [c.map { String($0.unique) } ?? "", c?.top.map { DisplayWidth.truncate($0.replacingControlCharacters(), to: 16) } ?? "", c.map { String($0.frequency) } ?? ""])
        }
        let widths = header.indices.map { i in grid.map { DisplayWidth.of($0[i]) }.max() ?? 0 }
        let textColumns: Set<Int> = [0, 1, 12]
        var lines = [String]()
        for (index, row) in grid.enumerated() {
            let cells = row.enumerated().map { i, cell in DisplayWidth.pad(cell, to: widths[i], right: index > 0 && !textColumns.contains(i)) }
            lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
            if index == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }
}
