/// Column look-up, type checks and column replacement shared by the preprocessing steps, so
/// that every step words its errors the same way.
enum StepColumns {
    /// The columns a step works on at fit time: `names` when given (each checked to exist and
    /// to satisfy `accepts`), otherwise every column of the table that satisfies `accepts`.
    /// - Throws: `DataError.unknownColumn` with a suggestion, `DataError.typeMismatch` naming
    ///   the step, the column and what it needs.
    static func resolve(
        _ names: [String]?, in table: Table, step: String, needs requirement: String, accepts: (ColumnType) -> Bool
    ) throws -> [String] {
        guard let names else { return table.columns.filter { accepts($0.type) }.map(\.name) }
        for name in names {
            let column = try fitColumn(name, in: table, step: step)
            guard accepts(column.type) else { throw typeMismatch(column, step: step, needs: requirement) }
        }
        return names
    }

    /// The numeric columns named (or all numeric columns when `names` is nil).
    static func numeric(_ names: [String]?, in table: Table, step: String) throws -> [String] {
        try resolve(names, in: table, step: step, needs: "a numeric column", accepts: \.isNumeric)
    }

    /// The column called `name` while fitting, with the step named in the error.
    static func fitColumn(_ name: String, in table: Table, step: String) throws -> Column {
        guard let column = table.columns.first(where: { $0.name == name }) else {
            let error = DataError.unknownColumn(name, among: table.columnNames)
            throw DataError(.unknownColumn, "\(step): \(error.message)")
        }
        return column
    }

    /// The values (NaN where missing) of the column called `name`, for a step whose fitted
    /// parameters are statistics of them: an infinite value would make every one infinite or NaN.
    /// - Throws: `DataError.invalidValue` naming the first infinite value's row (from 1).
    static func finiteFitValues(_ name: String, in table: Table, step: String) throws -> [Double] {
        try finiteValues(of: fitColumn(name, in: table, step: step), step: step)
    }

    /// `column`'s values (NaN where missing), refusing an infinite one as `finiteFitValues` does.
    static func finiteValues(of column: Column, step: String) throws -> [Double] {
        let values = try column.doubles()
        if let row = values.firstIndex(where: \.isInfinite) {
            throw DataError(
                .invalidValue,
                "\(step): column '\(column.name)' row \(row + 1) is \(values[row]); \(step) is fitted on finite values (clip them or drop those rows first)")
        }
        return values
    }

    /// The column called `name` while applying: its absence means the table does not have
    /// the shape the step was fitted on, which the message says.
    static func appliedColumn(_ name: String, in table: Table, step: String) throws -> Column {
        guard let column = table.columns.first(where: { $0.name == name }) else {
            var message = "\(step) was fitted on column '\(name)', which this table does not have"
            if let suggestion = Spelling.closest(to: name, among: table.columnNames) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw DataError(.unknownColumn, message)
        }
        return column
    }

    /// The column's values as doubles (NaN where missing).
    /// - Throws: `DataError.typeMismatch` naming the step for categorical and text columns.
    static func doubles(_ column: Column, step: String) throws -> [Double] {
        guard column.type.isNumeric else { throw typeMismatch(column, step: step, needs: "a numeric column") }
        return try column.doubles()
    }

    /// The error for a column whose type the step cannot use.
    static func typeMismatch(_ column: Column, step: String, needs requirement: String) -> DataError {
        DataError(.typeMismatch, "\(step): column '\(column.name)' is \(column.type); \(step) needs \(requirement)")
    }

    /// A number column called `name` holding `values`, missing exactly where `missing` says.
    static func numberColumn(_ name: String, _ values: [Double], missing: MissingMask) throws -> Column {
        try Column(name: name, values: .number(values), missing: missing)
    }

    /// `table` with each column named in `replacements` replaced, in place, by the columns given
    /// for it (none removes it); row keys are kept.
    /// - Throws: `DataError.duplicateColumn` when a new column's name is already taken.
    static func replacing(_ replacements: [String: [Column]], in table: Table) throws -> Table {
        var columns = [Column]()
        for column in table.columns {
            columns += replacements[column.name] ?? [column]
        }
        return try Table(columns: columns, rowKeys: table.rowKeys)
    }

    /// The distinct non-missing values of a column as text, in the column's natural order
    /// (numerically for numeric columns, by string otherwise), as scikit-learn sorts categories.
    static func sortedCategories(of column: Column) -> [String] {
        let present = Set(column.strings().compactMap { $0 })
        guard column.type.isNumeric else { return present.sorted() }
        return present.sorted { numericValue($0) < numericValue($1) }
    }

    /// A numeric category's value for ordering (`true` and `false` sort as 1 and 0).
    private static func numericValue(_ text: String) -> Double {
        switch text {
        case "true": return 1
        case "false": return 0
        default: return Double(text) ?? .nan
        }
    }
}
