/// Column selection, removal, addition and renaming.
extension Table {
    /// Only the named columns, in the order given.
    /// - Throws: `DataError.unknownColumn` (with a suggestion) or `duplicateColumn`.
    public func selecting(_ names: [String]) throws -> Table {
        let picked = try names.map { try column($0) }
        return try Table(columns: picked, rowKeys: rowKeys)
    }

    /// All columns but the named ones.
    /// - Throws: `DataError.unknownColumn` for a name that is not a column.
    public func dropping(_ names: [String]) throws -> Table {
        for name in names { _ = try columnIndex(name) }
        let dropped = Set(names)
        return Table(unchecked: columns.filter { !dropped.contains($0.name) }, rowCount: rowCount, rowKeys: rowKeys)
    }

    /// The table with `column` added at the end, or replacing the column of the same name in place.
    /// - Throws: `DataError.lengthMismatch` when its length differs from the row count.
    public func setting(_ column: Column) throws -> Table {
        guard column.count == rowCount || columns.isEmpty else {
            throw DataError(.lengthMismatch, "column '\(column.name)' has \(column.count) rows, the table \(rowCount)")
        }
        var result = self
        if let index = columns.firstIndex(where: { $0.name == column.name }) {
            result.columns[index] = column
        } else {
            result.columns.append(column)
        }
        if columns.isEmpty {
            result.rowCount = column.count
            result.rowKeys = (0..<column.count).map { UInt64($0) }
        }
        return result
    }

    /// The table with column `old` renamed to `new`.
    /// - Throws: `DataError` for an unknown column or a name already taken.
    public func renaming(_ old: String, to new: String) throws -> Table {
        let index = try columnIndex(old)
        if new != old, hasColumn(new) { throw DataError(.duplicateColumn, "duplicate column name '\(new)'") }
        var result = self
        result.columns[index].name = new
        return result
    }
}

/// Deriving a column row by row from numeric columns.
extension Table {
    /// The table with a number column `name` computed from the named numeric
    /// columns, row by row; a row with any missing input gets a missing result.
    /// - Throws: `DataError.unknownColumn` or `typeMismatch` for a non-numeric input.
    public func deriving(_ name: String, from inputs: [String], _ transform: ([Double]) -> Double) throws -> Table {
        let sources = try inputs.map { try column($0) }
        let values = try sources.map { column -> [Double] in
            guard column.type.isNumeric else {
                throw DataError(.typeMismatch, "column '\(column.name)' is \(column.type); '\(name)' needs numeric inputs")
            }
            return try column.doubles()
        }
        let derived = (0..<rowCount).map { row -> Double? in
            if sources.contains(where: { $0.missing.contains(row) }) { return nil }
            return transform(values.map { $0[row] })
        }
        return try setting(Column.numbers(name, derived))
    }
}
