import Numerics

/// Per-column summaries, as `describe` shows them.
extension Table {
    /// One summary per column: count and missing for all; mean, sd, min,
    /// quartiles and max for numeric columns (booleans count as 0/1);
    /// distinct values, the most frequent one and its frequency otherwise.
    public func describe() -> [ColumnSummary] {
        columns.map(Table.summary)
    }

    /// NaN in a number column counts as missing here, as in pandas.
    static func summary(_ column: Column) -> ColumnSummary {
        var missing = column.missing.count
        if case .number(let values) = column.values {
            missing += values.indices.filter { values[$0].isNaN && !column.missing.contains($0) }.count
        }
        let count = column.count - missing
        switch column.type {
        case .number, .integer, .boolean:
            return ColumnSummary(
                name: column.name, type: column.type, count: count, missing: missing,
                numeric: numericSummary(column), categorical: nil)
        case .categorical, .text:
            return ColumnSummary(
                name: column.name, type: column.type, count: count, missing: missing,
                numeric: nil, categorical: categoricalSummary(column))
        }
    }

    private static func numericSummary(_ column: Column) -> ColumnSummary.Numeric? {
        guard let values = try? column.doubles().filter({ !$0.isNaN }), !values.isEmpty else { return nil }
        let quartiles = (try? values.quantiles([0.25, 0.5, 0.75])) ?? [.nan, .nan, .nan]
        return ColumnSummary.Numeric(
            mean: (try? values.mean()) ?? .nan,
            sd: values.count > 1 ? ((try? values.standardDeviation()) ?? .nan) : .nan,
            min: (try? values.minimum()) ?? .nan,
            q25: quartiles[0], median: quartiles[1], q75: quartiles[2],
            max: (try? values.maximum()) ?? .nan)
    }

    private static func categoricalSummary(_ column: Column) -> ColumnSummary.Categorical {
        var counts = [String: Int]()
        var order = [String]()
        switch column.values {
        case .categorical(let codes, let levels):
            var byCode = [Int](repeating: 0, count: levels.count)
            for code in codes where code >= 0 { byCode[Int(code)] += 1 }
            for (level, n) in zip(levels, byCode) where n > 0 {
                counts[level] = n
                order.append(level)
            }
        default:
            for row in 0..<column.count where !column.missing.contains(row) {
                guard case .text(let value) = column[row] else { continue }
                if counts[value] == nil { order.append(value) }
                counts[value, default: 0] += 1
            }
            order.sort { textOrder($0, $1) == .before }
        }
        var top: String?
        var frequency = 0
        for value in order where counts[value]! > frequency {
            top = value
            frequency = counts[value]!
        }
        return ColumnSummary.Categorical(unique: counts.count, top: top, frequency: frequency)
    }
}
