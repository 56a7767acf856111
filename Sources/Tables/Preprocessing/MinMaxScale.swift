import Numerics

/// Scales numeric columns to [0, 1] by their fitted minimum and maximum, as scikit-learn's
/// `MinMaxScaler`: x · scale + offset with scale = 1 / (max − min) and offset = −min · scale.
///
/// A constant column gets range 1 (scikit-learn's rule), so it maps to 0. Values outside the
/// fitted range map outside [0, 1] (no clipping). Missing values stay missing.
public struct MinMaxScale: PreprocessingStep, Equatable {
    /// The columns to scale; nil means every numeric column of the fitting table.
    public var columns: [String]?

    /// Scales `columns` (nil: every numeric column).
    public init(_ columns: [String]? = nil) { self.columns = columns }

    /// `min_max_scale`.
    public var stepName: String { Fitted.stepName }

    /// Learns each column's minimum and maximum.
    /// - Throws: `DataError.invalidArgument` for a column with no values, `.invalidValue` for an infinite value.
    public func fit(on table: Table) throws -> FittedStep {
        let names = try StepColumns.numeric(columns, in: table, step: stepName)
        let parameters = try names.map { name in
            let values = try StepColumns.finiteFitValues(name, in: table, step: stepName)
            guard values.count(missing: .skip) > 0 else {
                throw DataError(.invalidArgument, "\(stepName): column '\(name)' has no values to fit on")
            }
            return Fitted.Column(name: name, minimum: try values.minimum(missing: .skip), maximum: try values.maximum(missing: .skip))
        }
        return .minMaxScale(Fitted(columns: parameters))
    }
}

extension MinMaxScale {
    /// Min-max scaling with fitted ranges.
    public struct Fitted: FittedTransform {
        /// One column's fitted range.
        public struct Column: Codable, Sendable, Equatable {
            /// The column's name.
            public let name: String
            /// The smallest value seen when fitting.
            public let minimum: Double
            /// The largest value seen when fitting.
            public let maximum: Double
        }

        /// `min_max_scale`.
        public static let stepName = "min_max_scale"
        /// The fitted columns, in order.
        public let columns: [Column]

        /// Each column once, with a finite range from its minimum up to its maximum: beyond that the
        /// scale is 0, negative or NaN, and every value maps to one number or to NaN.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("columns", columns.map(\.name), field: "name", "a column is scaled once")
            for (index, column) in columns.enumerated() {
                try ParameterCheck.finite("columns[\(index)].minimum", column.minimum)
                try ParameterCheck.finite("columns[\(index)].maximum", column.maximum)
                try ParameterCheck.ordered("columns[\(index)].minimum", column.minimum, "columns[\(index)].maximum", column.maximum)
                try ParameterCheck.finite("columns[\(index)].maximum − minimum", column.maximum - column.minimum)
            }
        }

        /// x · scale + offset for every fitted column, in scikit-learn's order of operations.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            var replacements = [String: [Tables.Column]]()
            for parameters in columns {
                let column = try StepColumns.appliedColumn(parameters.name, in: table, step: Self.stepName)
                let range = parameters.maximum - parameters.minimum
                let scale = 1 / (range == 0 ? 1 : range)
                let offset = 0 - parameters.minimum * scale
                let scaled = try StepColumns.doubles(column, step: Self.stepName).map { $0 * scale + offset }
                replacements[parameters.name] = [try StepColumns.numberColumn(parameters.name, scaled, missing: column.missing)]
            }
            return try StepColumns.replacing(replacements, in: table)
        }
    }
}
