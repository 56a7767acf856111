import Numerics

/// Limits numeric columns to [lower, upper]; either bound may be absent.
///
/// Nothing is learnt from data; the bounds are given. Missing values stay missing; integer
/// and boolean columns become number columns.
public struct Clip: PreprocessingStep, Equatable {
    /// The columns clipped; nil means every numeric column of the fitting table.
    public var columns: [String]?
    /// The smallest value kept, if any.
    public var lower: Double?
    /// The largest value kept, if any.
    public var upper: Double?

    /// Clips `columns` (nil: every numeric column) to [lower, upper].
    public init(_ columns: [String]? = nil, lower: Double? = nil, upper: Double? = nil) {
        self.columns = columns
        self.lower = lower
        self.upper = upper
    }

    /// `clip`.
    public var stepName: String { Fitted.stepName }

    /// Checks the bounds and the columns.
    /// - Throws: `DataError.invalidArgument` without any bound, with a NaN bound or with lower > upper.
    public func fit(on table: Table) throws -> FittedStep {
        guard lower != nil || upper != nil else { throw DataError(.invalidArgument, "clip: give a lower or an upper bound") }
        guard lower?.isNaN != true, upper?.isNaN != true else { throw DataError(.invalidArgument, "clip: a bound is NaN") }
        if let lower, let upper, lower > upper {
            throw DataError(.invalidArgument, "clip: lower bound \(formatNumber(lower)) is above upper bound \(formatNumber(upper))")
        }
        let names = try StepColumns.numeric(columns, in: table, step: stepName)
        return .clip(Fitted(columns: names, lower: lower, upper: upper))
    }
}

extension Clip {
    /// Clipping with fixed bounds.
    public struct Fitted: FittedTransform {
        /// `clip`.
        public static let stepName = "clip"
        /// The columns clipped.
        public let columns: [String]
        /// The smallest value kept, if any.
        public let lower: Double?
        /// The largest value kept, if any.
        public let upper: Double?

        /// Each column once, and the bounds `fit` accepts: at least one, neither NaN, lower ≤ upper.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("columns", columns, "a column is clipped once")
            guard lower != nil || upper != nil else {
                throw DataError(.invalidValue, "lower and upper are both absent, expected at least one bound")
            }
            if let lower { try ParameterCheck.number("lower", lower) }
            if let upper { try ParameterCheck.number("upper", upper) }
            if let lower, let upper { try ParameterCheck.ordered("lower", lower, "upper", upper) }
        }

        /// Each value moved into [lower, upper]; NaN placeholders under missing values stay.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            let low = lower ?? -.infinity, high = upper ?? .infinity
            var replacements = [String: [Column]]()
            for name in columns {
                let column = try StepColumns.appliedColumn(name, in: table, step: Self.stepName)
                let clipped = try StepColumns.doubles(column, step: Self.stepName).map { $0.isNaN ? $0 : Swift.min(Swift.max($0, low), high) }
                replacements[name] = [try StepColumns.numberColumn(name, clipped, missing: column.missing)]
            }
            return try StepColumns.replacing(replacements, in: table)
        }
    }
}
