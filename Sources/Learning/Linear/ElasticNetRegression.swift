import Numerics

/// Elastic net regression, minimising scikit-learn's `ElasticNet` objective
///
///     1/(2n)·‖y − Xw − b‖² + α·l1_ratio·‖w‖₁ + α·(1 − l1_ratio)/2·‖w‖²
///
/// by cyclic coordinate descent (`CoordinateDescent`) with the same
/// duality-gap stopping rule, so results agree with scikit-learn's to
/// rounding. The intercept is unpenalised (X and y are centred first);
/// constant columns get coefficient 0. A fit that reaches `max_iter` sweeps
/// without meeting the tolerance is still returned, with `converged` false.
public struct ElasticNetRegression: Estimator {
    public static let name = "elastic_net"
    public static let task = ModelTask.regression
    public static let options = ["alpha", "l1_ratio", "max_iter", "tol"]

    /// Penalty strength α > 0 (default 1).
    public let alpha: Double
    /// Share of the L1 penalty, in [0, 1] (default 0.5).
    public let l1Ratio: Double
    /// Most coordinate-descent sweeps (default 1000).
    public let maxIterations: Int
    /// Duality-gap tolerance relative to ‖y − mean(y)‖² (default 1e-4).
    public let tolerance: Double

    public init(_ hyperparameters: Hyperparameters) throws {
        alpha = try hyperparameters.number("alpha", default: 1, .positive)
        l1Ratio = try hyperparameters.number("l1_ratio", default: 0.5, .between(0, 1))
        maxIterations = try hyperparameters.integer("max_iter", default: 1000, .positive)
        tolerance = try hyperparameters.number("tol", default: 1e-4, .positive)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let fit = try Self.solve(data, estimator: Self.name, alpha: alpha, l1Ratio: l1Ratio, maxIterations: maxIterations, tolerance: tolerance)
        return Fitted(
            alpha: alpha, l1Ratio: l1Ratio, intercept: fit.intercept, coefficients: fit.result.coefficients,
            iterations: fit.result.iterations, dualGap: fit.dualGap, converged: fit.result.converged)
    }

    /// Centres the data, runs coordinate descent with scikit-learn's scaling of
    /// the penalties (λ = n·α·…), and recovers the intercept.
    static func solve(
        _ data: TrainingData, estimator: String, alpha: Double, l1Ratio: Double, maxIterations: Int, tolerance: Double
    ) throws -> (intercept: Double, result: CoordinateDescent.Result, dualGap: Double) {
        let design = try CenteredDesign(features: data.features, target: data.target!.numbers(for: estimator).elements)
        let n = Double(data.features.rows)
        let solver = CoordinateDescent(
            l1: alpha * l1Ratio * n, l2: alpha * (1 - l1Ratio) * n, maxIterations: maxIterations, tolerance: tolerance, interruption: data.interruption)
        let result = try solver.solve(design.features, design.target)
        return (design.intercept(for: result.coefficients), result, result.gap / n)
    }

    /// The fitted elastic net.
    public struct Fitted: FittedModel, Equatable, CoordinateDescentFit {
        public static let name = ElasticNetRegression.name
        public var task: ModelTask { .regression }

        public let alpha: Double
        public let l1Ratio: Double
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

        public var summary: String { "elastic net model: \(featureCounts), alpha \(alpha), l1_ratio \(l1Ratio), \(convergence)" }
    }
}
