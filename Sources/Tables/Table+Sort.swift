/// Sorting rows by one or more columns.
extension Table {
    /// One sort key: a column and a direction.
    public struct SortKey: Sendable, Equatable {
        public var column: String
        public var ascending: Bool

        public init(_ column: String, ascending: Bool = true) {
            self.column = column
            self.ascending = ascending
        }
    }

    /// The rows ordered by `keys`, the first key most significant.
    ///
    /// The sort is stable (equal rows keep their order). Missing values, and
    /// NaN in number columns, go last whatever the direction, as in pandas.
    /// Categories order by their level text; text by Unicode code points.
    /// - Throws: `DataError.unknownColumn` for a key that is not a column.
    public func sorted(by keys: [SortKey]) throws -> Table {
        try selectingRows(try sortOrder(by: keys))
    }

    /// The row numbers in the order `sorted(by:)` puts the rows.
    /// - Throws: `DataError.unknownColumn` for a key that is not a column.
    public func sortOrder(by keys: [SortKey]) throws -> [Int] {
        let comparators = try keys.map { key in (try column(key.column), key.ascending) }
        let order = (0..<rowCount).sorted { a, b in
            for (column, ascending) in comparators {
                switch Table.compare(column, a, b, ascending: ascending) {
                case .before: return true
                case .after: return false
                case .same: continue
                }
            }
            return a < b
        }
        return order
    }

    enum Order { case before, same, after }

    /// Compares rows `a` and `b` of `column`, missing last in either direction.
    static func compare(_ column: Column, _ a: Int, _ b: Int, ascending: Bool) -> Order {
        let missingA = isAbsent(column, a), missingB = isAbsent(column, b)
        if missingA || missingB {
            return missingA == missingB ? .same : (missingA ? .after : .before)
        }
        let order = compareValues(column, a, b)
        guard !ascending else { return order }
        switch order {
        case .before: return .after
        case .after: return .before
        case .same: return .same
        }
    }

    private static func isAbsent(_ column: Column, _ row: Int) -> Bool {
        if column.missing.contains(row) { return true }
        if case .number(let v) = column.values { return v[row].isNaN }
        return false
    }

    private static func compareValues(_ column: Column, _ a: Int, _ b: Int) -> Order {
        func order<T: Comparable>(_ x: T, _ y: T) -> Order { x < y ? .before : (y < x ? .after : .same) }
        switch column.values {
        case .number(let v): return order(v[a], v[b])
        case .integer(let v): return order(v[a], v[b])
        case .boolean(let v): return order(v[a] ? 1 : 0, v[b] ? 1 : 0)
        case .categorical(let codes, let levels): return textOrder(levels[Int(codes[a])], levels[Int(codes[b])])
        case .text(let v): return textOrder(v[a], v[b])
        }
    }

    /// Code-point order, independent of locale and Unicode normalisation.
    static func textOrder(_ x: String, _ y: String) -> Order {
        if x == y { return .same }
        return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars, by: { $0.value < $1.value }) ? .before : .after
    }
}
