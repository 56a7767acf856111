/// Joining two tables on a key column.
extension Table {
    /// Which rows a join keeps.
    public enum JoinKind: String, Sendable {
        /// Rows with a match on both sides.
        case inner
        /// Every row of the left table; right columns are missing where nothing matched.
        case left
    }

    /// This table's columns joined with `other`'s on equal values of `key`
    /// (called `otherKey` in `other`, by default the same name).
    ///
    /// Each match produces a row, so a key repeated on both sides multiplies.
    /// Integer and number keys match by numeric value; missing keys never
    /// match. Left rows keep their order (and provenance keys); right columns
    /// other than the key follow the left ones, renamed `name_right` on a clash.
    /// - Throws: `DataError.unknownColumn`.
    public func joined(with other: Table, on key: String, otherKey: String? = nil, kind: JoinKind = .inner) throws -> Table {
        let leftKey = try column(key)
        let rightKeyName = otherKey ?? key
        let rightKey = try other.column(rightKeyName)
        var matches = [Cell: [Int]]()
        for row in 0..<other.rowCount where !rightKey.missing.contains(row) {
            matches[Table.joinKey(rightKey[row]), default: []].append(row)
        }
        // Every left row meets every right row with its key: many repeated keys multiply.
        let outputRows = (0..<rowCount).reduce(0) { total, row in
            let found = leftKey.missing.contains(row) ? 0 : matches[Table.joinKey(leftKey[row])]?.count ?? 0
            return total + (found == 0 && kind == .left ? 1 : found)
        }
        try Table.requireFits(rows: outputRows, columns: columnCount + other.columnCount - 1, "join")
        var leftRows = [Int](), rightRows = [Int?]()
        for row in 0..<rowCount {
            let found = leftKey.missing.contains(row) ? [] : matches[Table.joinKey(leftKey[row])] ?? []
            for match in found {
                leftRows.append(row)
                rightRows.append(match)
            }
            if found.isEmpty, kind == .left {
                leftRows.append(row)
                rightRows.append(nil)
            }
        }
        var output = columns.map { $0.selecting(leftRows) }
        let taken = Set(columnNames)
        for column in other.columns where column.name != rightKeyName {
            let name = taken.contains(column.name) ? column.name + "_right" : column.name
            output.append(column.selecting(optional: rightRows).renamed(name))
        }
        return try Table(columns: output, rowKeys: leftRows.map { rowKeys[$0] })
    }

    /// Integers and numbers compare by value.
    private static func joinKey(_ cell: Cell) -> Cell {
        if case .integer(let i) = cell { return .number(Double(i)) }
        return cell
    }
}

extension Column {
    /// The rows at `indices`, with nil producing a missing entry.
    func selecting(optional indices: [Int?]) -> Column {
        guard indices.contains(where: { $0 == nil }) else { return selecting(indices.map { $0! }) }
        let values = count == 0 ? Column.emptyValues(like: values, count: indices.count) : selecting(indices.map { $0 ?? 0 }).values
        var mask = count == 0 ? MissingMask() : missing.selecting(indices.map { $0 ?? 0 })
        for (k, index) in indices.enumerated() where index == nil { mask.insert(k) }
        return (try? Column(name: name, values: values, missing: mask)) ?? Column(unchecked: name, values: values, missing: mask)
    }

    /// Placeholder values of the same type for a column with no rows to copy from.
    static func emptyValues(like values: Values, count: Int) -> Values {
        switch values {
        case .number: return .number(Array(repeating: .nan, count: count))
        case .integer: return .integer(Array(repeating: 0, count: count))
        case .boolean: return .boolean(Array(repeating: false, count: count))
        case .categorical(_, let levels): return .categorical(codes: Array(repeating: -1, count: count), levels: levels)
        case .text: return .text(Array(repeating: "", count: count))
        }
    }
}
