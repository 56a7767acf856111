import Numerics

/// Fills missing values with a statistic of the fitting table or with a constant, as
/// scikit-learn's `SimpleImputer`.
///
/// - `mean` and `median` apply to numeric columns (when no columns are named: to every
///   numeric column, leaving the others alone); the column becomes a number column, as
///   scikit-learn outputs floats, whatever the test table holds.
/// - `mostFrequent` applies to any column; ties go to the smallest value (scikit-learn's rule),
///   and the column keeps its type.
/// - `constant` applies to the columns its value fits (numbers to numeric columns, text to
///   categorical and text columns); a categorical column gains the value as a level if needed.
///
/// A column with no values at all at fit time is an error (scikit-learn drops it with a warning).
public struct FillMissing: PreprocessingStep, Equatable {
    /// How the fill value is chosen.
    public enum Strategy: Sendable, Equatable {
        /// The mean of the present values (numeric columns).
        case mean
        /// The median of the present values (numeric columns).
        case median
        /// The most frequent present value, smallest on ties (any column).
        case mostFrequent
        /// A given value.
        case constant(FillValue)
    }

    /// How the fill value is chosen.
    public var strategy: Strategy
    /// The columns filled; nil means every column the strategy applies to.
    public var columns: [String]?

    /// Fills `columns` (nil: every suitable column) by `strategy`.
    public init(_ strategy: Strategy, columns: [String]? = nil) {
        self.strategy = strategy
        self.columns = columns
    }

    /// `fill_missing`.
    public var stepName: String { Fitted.stepName }

    /// Learns one fill value per column.
    public func fit(on table: Table) throws -> FittedStep {
        let names = try StepColumns.resolve(columns, in: table, step: stepName, needs: requirement, accepts: accepts)
        let entries = try names.map { name in
            let column = try StepColumns.fitColumn(name, in: table, step: stepName)
            return Fitted.Entry(column: name, value: try fillValue(for: column))
        }
        return .fillMissing(Fitted(entries: entries))
    }

    /// What the strategy needs, for the type-mismatch message.
    private var requirement: String {
        switch strategy {
        case .mean, .median: return "a numeric column"
        case .mostFrequent: return "any column"
        case .constant(let value): return value.doubleValue == nil ? "a categorical or text column" : "a numeric column"
        }
    }

    /// Whether the strategy applies to a column of `type`.
    private func accepts(_ type: ColumnType) -> Bool {
        switch strategy {
        case .mean, .median: return type.isNumeric
        case .mostFrequent: return true
        case .constant(let value): return value.fits(type)
        }
    }

    /// The value that fills `column`.
    private func fillValue(for column: Column) throws -> FillValue {
        if case .constant(let value) = strategy { return value }
        guard column.missing.count < column.count else {
            throw DataError(.invalidArgument, "\(stepName): column '\(column.name)' has no values to fit on")
        }
        switch strategy {
        case .mean: return .number(try StepColumns.finiteValues(of: column, step: stepName).mean(missing: .skip))
        case .median: return .number(try column.doubles().median(missing: .skip))
        default: return Self.mostFrequent(in: column)
        }
    }

    /// The most frequent present value, the smallest among equally frequent ones.
    static func mostFrequent(in column: Column) -> FillValue {
        var counts = [Cell: Int]()
        for row in 0..<column.count where !column.missing.contains(row) { counts[column[row], default: 0] += 1 }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : precedes(b.key, a.key) }!.key
        switch best {
        case .number(let x): return .number(x)
        case .integer(let i): return .integer(i)
        case .boolean(let b): return .boolean(b)
        case .text(let s): return .text(s)
        case .missing: return .text("")
        }
    }

    /// Order of cells of one column: numerically for numbers, by string otherwise.
    private static func precedes(_ a: Cell, _ b: Cell) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x < y }
        return a.description < b.description
    }
}

extension FillMissing {
    /// Filling with fitted values.
    public struct Fitted: FittedTransform {
        /// One column's fill value.
        public struct Entry: Codable, Sendable, Equatable {
            /// The column's name.
            public let column: String
            /// The value written where the column is missing.
            public let value: FillValue
        }

        /// `fill_missing`.
        public static let stepName = "fill_missing"
        /// The fitted columns, in order.
        public let entries: [Entry]

        /// Each column once, and no NaN fill value: a NaN under a cleared missing mask would pass
        /// for a value.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("entries", entries.map(\.column), field: "column", "a column is filled once")
            for (index, entry) in entries.enumerated() {
                if case .number(let value) = entry.value { try ParameterCheck.number("entries[\(index)].value", value) }
            }
        }

        /// Every fitted column with its missing entries filled.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            var replacements = [String: [Column]]()
            for entry in entries {
                let column = try StepColumns.appliedColumn(entry.column, in: table, step: Self.stepName)
                replacements[entry.column] = [try Self.filled(column, with: entry.value)]
            }
            return try StepColumns.replacing(replacements, in: table)
        }

        /// `column` with `value` under every missing entry.
        static func filled(_ column: Column, with value: FillValue) throws -> Column {
            guard value.fits(column.type) else {
                throw StepColumns.typeMismatch(column, step: stepName, needs: "a column that can hold '\(value)'")
            }
            let rows = column.missing.rows
            switch (column.values, value) {
            case (.integer(var v), .integer(let fill)):
                for row in rows { v[row] = fill }
                return try Column(name: column.name, values: .integer(v), missing: MissingMask())
            case (.boolean(var v), .boolean(let fill)):
                for row in rows { v[row] = fill }
                return try Column(name: column.name, values: .boolean(v), missing: MissingMask())
            case (.categorical(var codes, var levels), .text(let fill)):
                let code = levels.firstIndex(of: fill) ?? levels.count
                if code == levels.count { levels.append(fill) }
                for row in rows { codes[row] = Int32(code) }
                return try Column(name: column.name, values: .categorical(codes: codes, levels: levels), missing: MissingMask())
            case (.text(var v), .text(let fill)):
                for row in rows { v[row] = fill }
                return try Column(name: column.name, values: .text(v), missing: MissingMask())
            default:
                var v = try column.doubles()
                for row in rows { v[row] = value.doubleValue ?? .nan }
                return try Column(name: column.name, values: .number(v), missing: MissingMask())
            }
        }
    }
}
