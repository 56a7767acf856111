import Foundation

/// Replaces numeric columns by their natural logarithm, or by log(1 + x) (`plusOne`, numpy's
/// `log1p`, accurate near zero and defined at zero).
///
/// A value outside the domain (x ≤ 0 for log, x ≤ −1 for log1p) is an error naming the column
/// and the row (0-based), in fitting and in applying alike: silently producing −∞ or NaN would
/// poison every later step. Missing values stay missing.
public struct LogTransform: PreprocessingStep, Equatable {
    /// The columns transformed; nil means every numeric column of the fitting table.
    public var columns: [String]?
    /// Whether to take log(1 + x) instead of log(x).
    public var plusOne: Bool

    /// Takes the logarithm of `columns` (nil: every numeric column).
    public init(_ columns: [String]? = nil, plusOne: Bool = false) {
        self.columns = columns
        self.plusOne = plusOne
    }

    /// `log` or `log1p`.
    public var stepName: String { plusOne ? "log1p" : "log" }

    /// Records the columns; fitting checks the domain too, so bad data fails early.
    public func fit(on table: Table) throws -> FittedStep {
        let fitted = Fitted(columns: try StepColumns.numeric(columns, in: table, step: stepName), plusOne: plusOne)
        _ = try fitted.apply(to: table)
        return .log(fitted)
    }
}

extension LogTransform {
    /// The logarithm over a fixed list of columns.
    public struct Fitted: FittedTransform {
        /// `log`.
        public static let stepName = "log"
        /// The columns transformed.
        public let columns: [String]
        /// Whether log(1 + x) is taken.
        public let plusOne: Bool

        /// Each column once.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("columns", columns, "a column's logarithm is taken once")
        }

        /// log(x) or log1p(x) of every value.
        /// - Throws: `DataError.invalidValue` naming the column and row of the first value outside the domain.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            var replacements = [String: [Column]]()
            for name in columns {
                let column = try StepColumns.appliedColumn(name, in: table, step: plusOne ? "log1p" : "log")
                replacements[name] = [try transformed(column)]
            }
            return try StepColumns.replacing(replacements, in: table)
        }

        /// One column's logarithms.
        private func transformed(_ column: Column) throws -> Column {
            let step = plusOne ? "log1p" : "log"
            let values = try StepColumns.doubles(column, step: step)
            let floor: Double = plusOne ? -1 : 0
            if let row = values.indices.first(where: { !column.missing.contains($0) && !(values[$0] > floor) }) {
                throw DataError(
                    .invalidValue,
                    "\(step): column '\(column.name)' row \(row + 1) is \(values[row]); \(step) needs values above \(Int(floor))")
            }
            return try StepColumns.numberColumn(column.name, values.map { plusOne ? Foundation.log1p($0) : Foundation.log($0) }, missing: column.missing)
        }
    }
}
