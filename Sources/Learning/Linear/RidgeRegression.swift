import Numerics

/// Ridge regression: least squares with an L2 penalty on the coefficients,
/// minimising ‖y − Xw − b‖² + α‖w‖², as scikit-learn's `Ridge`.
///
/// The intercept is not penalised: X and y are centred, the penalised
/// problem is solved on the centred data, and b = mean(y) − mean(X)·w.
///
/// Solved through the thin SVD of the centred X = U·S·Vᵀ, giving
/// w = V·diag(sᵢ / (sᵢ² + α))·Uᵀy. The SVD was chosen over a Cholesky
/// factorisation of XᵀX + αI because it never forms XᵀX, so the condition
/// number is not squared; it also stays defined at α = 0 on rank-deficient
/// data, where singular values at or below the numeric core's rank cut-off
/// are dropped and the minimum-norm least-squares solution is returned.
/// A column that is constant gets a coefficient of exactly 0. Agreement with
/// scikit-learn's Cholesky solver on well-conditioned data is ~κ·ε relative.
public struct RidgeRegression: Estimator {
    public static let name = "ridge"
    public static let task = ModelTask.regression
    public static let options = ["alpha"]

    /// Penalty strength α ≥ 0 (default 1).
    public let alpha: Double

    public init(_ hyperparameters: Hyperparameters) throws {
        alpha = try hyperparameters.number("alpha", default: 1, .nonNegative)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let design = try CenteredDesign(features: data.features, target: data.target!.numbers(for: Self.name).elements)
        // One BLAS thread: a second one rounded the SVD differently on 30 columns (as LogisticRegression.fit explains).
        let w = try NumericEnvironment.withBLASThreads(1) { try coefficients(design) }
        return Fitted(alpha: alpha, intercept: design.intercept(for: w), coefficients: w)
    }

    /// The penalised solution on the centred data; constant columns stay at 0.
    func coefficients(_ design: CenteredDesign) throws -> [Double] {
        let x = design.features
        let varying = (0..<x.columns).filter { j in (0..<x.rows).contains { x[$0, j] != 0 } }
        var w = [Double](repeating: 0, count: x.columns)
        guard !varying.isEmpty else { return w }
        let svd = try x.selectingColumns(varying).svd()
        let s = svd.singularValues.elements
        let cutoff = alpha > 0 ? 0 : SingularValueDecomposition.defaultTolerance(rows: x.rows, columns: varying.count, largest: s.first ?? 0)
        let uty = try svd.u.transposedMatmul(Vector(design.target))
        let shrunk = Vector(s.indices.map { s[$0] > cutoff ? uty[$0] * s[$0] / (s[$0] * s[$0] + alpha) : 0 })
        let solution = try svd.vt.transposedMatmul(shrunk)
        for (k, j) in varying.enumerated() { w[j] = solution[k] }
        return w
    }

    /// The fitted ridge coefficients.
    public struct Fitted: FittedModel, Equatable, LinearPredictor {
        public static let name = RidgeRegression.name
        public var task: ModelTask { .regression }

        public let alpha: Double
        public let intercept: Double
        public let coefficients: [Double]

        public func predict(_ features: Matrix) throws -> Prediction { try linearPrediction(features) }

        public func checkConsistency(featureCount: Int, classCount: Int) throws { try checkCoefficients(featureCount: featureCount) }

        public var summary: String { "ridge model: \(coefficients.count) features, alpha \(alpha)" }

        public var fields: [(name: String, value: ModelField)] {
            [("intercept", .number(intercept)), ("coefficients", .vector(Vector(coefficients))), ("alpha", .number(alpha))]
        }
    }
}
