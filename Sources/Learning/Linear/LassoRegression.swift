import Numerics

/// The lasso: the elastic net with l1_ratio = 1, minimising scikit-learn's
/// `Lasso` objective 1/(2n)·‖y − Xw − b‖² + α·‖w‖₁ by the same coordinate
/// descent and duality-gap stopping rule (see `ElasticNetRegression`).
/// Constant columns get coefficient exactly 0.
public struct LassoRegression: Estimator {
    public static let name = "lasso"
    public static let task = ModelTask.regression
    public static let options = ["alpha", "max_iter", "tol"]

    /// Penalty strength α > 0 (default 1).
    public let alpha: Double
    /// Most coordinate-descent sweeps (default 1000).
    public let maxIterations: Int
    /// Duality-gap tolerance relative to ‖y − mean(y)‖² (default 1e-4).
    public let tolerance: Double

    public init(_ hyperparameters: Hyperparameters) throws {
        alpha = try hyperparameters.number("alpha", default: 1, .positive)
        maxIterations = try hyperparameters.integer("max_iter", default: 1000, .positive)
        tolerance = try hyperparameters.number("tol", default: 1e-4, .positive)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let fit = try ElasticNetRegression.solve(data, estimator: Self.name, alpha: alpha, l1Ratio: 1, maxIterations: maxIterations, tolerance: tolerance)
        return Fitted(
            alpha: alpha, intercept: fit.intercept, coefficients: fit.result.coefficients, iterations: fit.result.iterations,
            dualGap: fit.dualGap, converged: fit.result.converged)
    }

    /// The fitted lasso.
    public struct Fitted: FittedModel, Equatable, CoordinateDescentFit {
        public static let name = LassoRegression.name
        public var task: ModelTask { .regression }

        public let alpha: Double
        public let intercept: Double
        public let coefficients: [Double]
        /// Coordinate-descent sweeps used.
        public let iterations: Int
        /// The final duality gap of the 1/(2n)-scaled objective.
        public let dualGap: Double
        public let converged: Bool

        public func predict(_ features: Matrix) throws -> Prediction { try linearPrediction(features) }

        public func checkConsistency(featureCount: Int, classCount: Int) throws { try checkCoefficients(featureCount: featureCount) }

        public var fields: [(name: String, value: ModelField)] { coordinateDescentFields }

        public var summary: String { "lasso model: \(featureCounts), alpha \(alpha), \(convergence)" }
    }
}
