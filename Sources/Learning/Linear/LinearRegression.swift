import Numerics
import Tables

/// Ordinary least squares with the statistics a statistics package prints:
/// standard errors, t statistics and p-values.
///
/// Solved by the numeric core's least squares (column equilibration,
/// Householder QR, rank-revealing SVD of R, refinement for large residuals);
/// the normal equations are never formed.
public struct LinearRegression: Estimator {
    public static let name = "linear"
    public static let task = ModelTask.regression
    public static let options = ["intercept"]

    /// Whether to fit an intercept (default true).
    public let intercept: Bool

    public init(_ hyperparameters: Hyperparameters) throws {
        intercept = try hyperparameters.boolean("intercept", default: true)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let y = try data.target!.numbers(for: Self.name)
        let n = data.features.rows
        let design = intercept ? try Matrix.hstack([Matrix(rows: n, columns: 1, repeating: 1), data.features]) : data.features
        // One BLAS thread: a second one rounded the QR differently on 30 columns (as LogisticRegression.fit explains);
        // on 1,000,000×20 it made the fit about a tenth faster, no more.
        let solution = try NumericEnvironment.withBLASThreads(1) { try design.leastSquares(y) }
        let beta = try solution.coefficients.column(0).elements
        let p = design.columns
        let dof = n - solution.rank
        let rss = solution.residualSumOfSquares[0]
        let variance = dof > 0 ? rss / Double(dof) : .nan
        // With collinear columns many coefficient vectors fit equally well: no one of them has a
        // standard error, whatever the pseudo-inverse's diagonal says.
        let errors = (0..<p).map { solution.rank < p ? .nan : (variance * solution.unscaledCovariance[$0, $0]).squareRoot() }
        let t = zip(beta, errors).map { $0 / $1 }
        let pValues = try t.map { try dof > 0 ? 2 * StudentT(degreesOfFreedom: Double(dof)).survival(abs($0)) : .nan }
        let mean = y.elements.reduce(0, +) / Double(n)
        let tss = y.elements.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let r2 = intercept ? 1 - rss / tss : 1 - rss / y.elements.reduce(0) { $0 + $1 * $1 }
        let adjusted = dof > 0 ? 1 - (1 - r2) * Double(n - (intercept ? 1 : 0)) / Double(dof) : .nan
        return Fitted(
            intercept: intercept ? beta[0] : 0, coefficients: Array(beta.dropFirst(intercept ? 1 : 0)),
            interceptStandardError: intercept ? errors[0] : nil, standardErrors: Array(errors.dropFirst(intercept ? 1 : 0)),
            tStatistics: Array(t.dropFirst(intercept ? 1 : 0)), pValues: Array(pValues.dropFirst(intercept ? 1 : 0)),
            rSquared: r2, adjustedRSquared: adjusted, residualStandardError: variance.squareRoot(), residualDegreesOfFreedom: dof, rank: solution.rank)
    }

    /// The fitted coefficients and their statistics.
    public struct Fitted: FittedModel, Equatable {
        public static let name = LinearRegression.name
        public var task: ModelTask { .regression }

        public let intercept: Double
        public let coefficients: [Double]
        public let interceptStandardError: Double?
        public let standardErrors: [Double]
        public let tStatistics: [Double]
        public let pValues: [Double]
        public let rSquared: Double
        public let adjustedRSquared: Double
        public let residualStandardError: Double
        public let residualDegreesOfFreedom: Int
        public let rank: Int

        public func predict(_ features: Matrix) throws -> Prediction {
            guard features.columns == coefficients.count else {
                throw LearningError("the model takes \(coefficients.count) features, got \(features.columns)")
            }
            return .values(try features.matmul(Vector(coefficients)) + intercept)
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            let perFeature = [
                ("coefficients", coefficients), ("standardErrors", standardErrors), ("tStatistics", tStatistics), ("pValues", pValues),
            ]
            for (name, values) in perFeature {
                try ParameterCheck.count(name, values.count, is: featureCount, "one per feature")
            }
            try ParameterCheck.within("rank", rank, 0...designColumns, "at most the columns of the design, intercept included")
        }

        public var summary: String {
            "linear model: \(coefficients.count) features, R² \(rSquared), residual sd \(residualStandardError)"
        }

        /// Columns in the design (the intercept's included).
        var designColumns: Int { coefficients.count + (interceptStandardError == nil ? 0 : 1) }

        public var fittingWarnings: [String] {
            guard rank < designColumns else { return [] }
            return [
                "linear: the features are collinear (rank \(rank) of \(designColumns)\(interceptStandardError == nil ? "" : " with the intercept")): "
                    + "many coefficient vectors fit equally well, this is one of them, and their standard errors, t and p-values are NaN; "
                    + "drop or combine the redundant columns"
            ]
        }

        public var fields: [(name: String, value: ModelField)] {
            [
                ("intercept", .number(intercept)), ("coefficients", .vector(Vector(coefficients))),
                ("standard_errors", .vector(Vector(standardErrors))), ("t", .vector(Vector(tStatistics))),
                ("p_values", .vector(Vector(pValues))), ("r_squared", .number(rSquared)),
                ("adjusted_r_squared", .number(adjustedRSquared)), ("residual_sd", .number(residualStandardError)),
                ("df", .number(Double(residualDegreesOfFreedom))), ("rank", .number(Double(rank))),
            ]
        }
    }
}
