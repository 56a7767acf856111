import Numerics

/// Standardises numeric columns: z = (x − mean) / sd, with the population sd (ddof 0), as
/// scikit-learn's `StandardScaler`.
///
/// Missing values are left out of the mean and sd and stay missing. A constant column (one
/// whose variance is within rounding of zero, by scikit-learn's bound n·ε·var + (n·mean·ε)²)
/// gets scale 1, as scikit-learn does, so it becomes all zeros instead of NaN. Integer and
/// boolean columns become number columns.
public struct Standardize: PreprocessingStep, Equatable {
    /// The columns to standardise; nil means every numeric column of the fitting table.
    public var columns: [String]?

    /// Standardises `columns` (nil: every numeric column).
    public init(_ columns: [String]? = nil) { self.columns = columns }

    /// `standardize`.
    public var stepName: String { Fitted.stepName }

    /// Learns each column's mean and scale.
    /// - Throws: `DataError.invalidArgument` for a column with no values, `.invalidValue` for an infinite value.
    public func fit(on table: Table) throws -> FittedStep {
        let names = try StepColumns.numeric(columns, in: table, step: stepName)
        let parameters = try names.map { name in
            let values = try StepColumns.finiteFitValues(name, in: table, step: stepName)
            return try Self.parameters(name, values)
        }
        return .standardize(Fitted(columns: parameters))
    }

    /// One column's mean and scale.
    private static func parameters(_ name: String, _ values: [Double]) throws -> Fitted.Column {
        let present = values.count(missing: .skip)
        guard present > 0 else {
            throw DataError(.invalidArgument, "standardize: column '\(name)' has no values to fit on")
        }
        let mean = try values.mean(missing: .skip)
        let variance = try values.variance(ddof: 0, missing: .skip)
        let n = Double(present), epsilon = Double.ulpOfOne
        let isConstant = variance <= n * epsilon * variance + (n * mean * epsilon) * (n * mean * epsilon)
        return Fitted.Column(name: name, mean: mean, scale: isConstant ? 1 : variance.squareRoot())
    }
}

extension Standardize {
    /// Standardisation with fitted means and scales.
    public struct Fitted: FittedTransform {
        /// One column's parameters.
        public struct Column: Codable, Sendable, Equatable {
            /// The column's name.
            public let name: String
            /// The mean subtracted.
            public let mean: Double
            /// The divisor (the population sd, or 1 for a constant column).
            public let scale: Double
        }

        /// `standardize`.
        public static let stepName = "standardize"
        /// The fitted columns, in order.
        public let columns: [Column]

        /// Each column once, with a finite mean and a finite scale above 0 (1 for a constant column):
        /// a scale of 0 or NaN makes every value NaN, an infinite one makes every value 0.
        public func checkConsistency() throws {
            try ParameterCheck.distinct("columns", columns.map(\.name), field: "name", "a column is standardised once")
            for (index, column) in columns.enumerated() {
                try ParameterCheck.finite("columns[\(index)].mean", column.mean)
                try ParameterCheck.positive("columns[\(index)].scale", column.scale)
            }
        }

        /// (x − mean) / scale for every fitted column; missing stays missing.
        public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
            var replacements = [String: [Tables.Column]]()
            for parameters in columns {
                let column = try StepColumns.appliedColumn(parameters.name, in: table, step: Self.stepName)
                let scaled = try StepColumns.doubles(column, step: Self.stepName).map { ($0 - parameters.mean) / parameters.scale }
                replacements[parameters.name] = [try StepColumns.numberColumn(parameters.name, scaled, missing: column.missing)]
            }
            return try StepColumns.replacing(replacements, in: table)
        }
    }
}
