import Numerics

/// Group-by with aggregates.
extension Table {
    /// One row per distinct combination of the `keys` columns, with the key
    /// values followed by one column per aggregation.
    ///
    /// Groups are ordered by their keys (ascending, missing last, as `sorted`).
    /// Rows whose key is missing form their own group rather than vanishing.
    /// An aggregate over a group with no values is missing (count is 0).
    /// NaN in a number column counts as missing, as in pandas.
    /// - Throws: `DataError.unknownColumn`; `typeMismatch` for a numeric
    ///   aggregate of a non-numeric column; `invalidArgument` without keys.
    public func grouped(by keys: [String], aggregations: [Aggregation]) throws -> Table {
        guard !keys.isEmpty else { throw DataError(.invalidArgument, "group by needs at least one key column") }
        let keyColumns = try keys.map { try column($0) }
        let groups = try groupRows(keyColumns)
        let firstRows = groups.map { $0[0] }
        var output = keyColumns.map { $0.selecting(firstRows) }
        for aggregation in aggregations {
            output.append(try aggregate(aggregation, groups))
        }
        return try Table(columns: output)
    }

    /// Row indices of each group, groups in key order.
    private func groupRows(_ keyColumns: [Column]) throws -> [[Int]] {
        var index = [[Cell]: Int]()
        var groups = [[Int]]()
        for row in 0..<rowCount {
            let key = keyColumns.map { $0[row] }
            if let g = index[key] {
                groups[g].append(row)
            } else {
                index[key] = groups.count
                groups.append([row])
            }
        }
        return groups.sorted { a, b in
            for column in keyColumns {
                switch Table.compare(column, a[0], b[0], ascending: true) {
                case .before: return true
                case .after: return false
                case .same: continue
                }
            }
            return a[0] < b[0]
        }
    }

    private func aggregate(_ aggregation: Aggregation, _ groups: [[Int]]) throws -> Column {
        guard let name = aggregation.column else {
            guard aggregation.function == .count else {
                throw DataError(.invalidArgument, "\(aggregation.function.rawValue) needs a column")
            }
            return Column.integers(aggregation.name, groups.map { Int64($0.count) })
        }
        let source = try column(name)
        if aggregation.function == .count {
            let numbers: [Double]? = if case .number(let v) = source.values { v } else { nil }
            return Column.integers(aggregation.name, groups.map { rows in
                Int64(rows.filter { !source.missing.contains($0) && !(numbers?[$0].isNaN ?? false) }.count)
            })
        }
        guard source.type.isNumeric else {
            throw DataError(.typeMismatch, "cannot take the \(aggregation.function.rawValue) of column '\(name)', which is \(source.type)")
        }
        let values = try source.doubles()
        return Column.numbers(aggregation.name, groups.map { rows in
            Table.reduce(rows.map { values[$0] }.filter { !$0.isNaN }, aggregation.function)
        })
    }

    private static func reduce(_ values: [Double], _ function: Aggregation.Function) -> Double? {
        guard !values.isEmpty else { return function == .sum ? 0 : nil }
        switch function {
        case .count: return Double(values.count)
        case .sum: return values.sum()
        case .mean: return try? values.mean()
        case .min: return try? values.minimum()
        case .max: return try? values.maximum()
        case .sd: return values.count > 1 ? try? values.standardDeviation() : nil
        }
    }
}
