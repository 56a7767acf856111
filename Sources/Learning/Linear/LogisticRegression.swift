import Numerics
import Tables

/// L2-penalised logistic regression, binary or multinomial (softmax), with
/// scikit-learn's objective Σᵢ −log pᵢ,yᵢ + 1/(2C)·‖W‖², intercepts unpenalised.
///
/// Two classes give one coefficient vector for the second class (the sigmoid
/// model, as scikit-learn); more classes give one row per class (the
/// symmetric softmax model, whose intercepts are fixed to sum to 0 since only
/// their differences matter).
///
/// Solved by damped Newton steps (`NewtonSolver`, Cholesky of the full
/// (p+1)·k-square Hessian), which converges quadratically: the default
/// `tol` is 1e-8 on max |gradient| of the 1/n-scaled objective, tighter than
/// scikit-learn's 1e-4, so default fits agree with any tightly converged
/// solver. A fit that runs out of `max_iter` steps is still returned with
/// `converged` false (and says so in its summary); the Learning layer does
/// not print, so it is the caller's to warn.
public struct LogisticRegression: Estimator {
    public static let name = "logistic"
    public static let task = ModelTask.classification
    public static let options = ["c", "max_iter", "tol"]

    /// Inverse penalty strength C > 0 (default 1).
    public let c: Double
    /// Most Newton steps (default 100).
    public let maxIterations: Int
    /// Gradient tolerance (default 1e-8).
    public let tolerance: Double

    public init(_ hyperparameters: Hyperparameters) throws {
        c = try hyperparameters.number("c", default: 1, .positive)
        maxIterations = try hyperparameters.integer("max_iter", default: 100, .positive)
        tolerance = try hyperparameters.number("tol", default: 1e-8, .positive)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let (codes, labels) = try data.target!.classCodes(for: Self.name)
        var counts = [Int](repeating: 0, count: labels.count)
        for code in codes { counts[code] += 1 }
        if let empty = counts.firstIndex(of: 0) {
            throw LearningError("logistic needs at least one row of every class; class '\(labels[empty])' has none")
        }
        let objective = try LogisticObjective(features: data.features, codes: codes, classes: labels.count, c: c)
        // One BLAS thread: OpenBLAS gives the rows of a split output to
        // different kernels at the split's edges, whose sums round differently,
        // so two threads changed the fit's last bits. These skinny products
        // (p + 1 ≤ a few dozen columns) gain little from a second thread.
        let result = try NumericEnvironment.withBLASThreads(1) {
            try NewtonSolver(maxIterations: maxIterations, tolerance: tolerance, interruption: data.interruption).minimise(objective)
        }
        let q = objective.blockSize
        let blocks = (0..<objective.freeBlocks).map { Array(result.solution[($0 * q)..<(($0 + 1) * q)]) }
        return Fitted(
            classCount: labels.count, coefficients: blocks.map { Array($0.dropLast()) }, intercepts: blocks.map { $0[q - 1] },
            iterations: result.iterations, converged: result.converged, gradientNorm: result.gradientNorm)
    }

    /// The fitted coefficients.
    public struct Fitted: FittedModel, Equatable {
        public static let name = LogisticRegression.name
        public var task: ModelTask { .classification }

        public let classCount: Int
        /// One row of p coefficients for two classes (the second class's), k rows otherwise.
        public let coefficients: [[Double]]
        /// One intercept per row of `coefficients`.
        public let intercepts: [Double]
        /// Newton steps taken.
        public let iterations: Int
        public let converged: Bool
        /// max |gradient| of the 1/n-scaled objective at the solution.
        public let gradientNorm: Double

        public func predict(_ features: Matrix) throws -> Prediction {
            let p = coefficients[0].count
            guard features.columns == p else { throw LearningError("the model takes \(p) features, got \(features.columns)") }
            var theta = [Double]()
            for (row, intercept) in zip(coefficients, intercepts) { theta += row + [intercept] }
            let design = try Matrix.hstack([features, Matrix(rows: features.rows, columns: 1, repeating: 1)])
            let parameters = try Matrix(rows: p + 1, columns: intercepts.count, columnMajor: theta)
            // One BLAS thread, as in fitting: scores must not depend on the thread count.
            let scores = try NumericEnvironment.withBLASThreads(1) { try design.matmul(parameters) }
            let (probabilities, _) = LogisticObjective.softmax(scores, classes: classCount, codes: [])
            // Classes come from the scores, as scikit-learn's predict (probabilities can tie after
            // rounding); max(by:) keeps the first of equal scores, like numpy's argmax.
            let codes = (0..<features.rows).map { i in
                classCount == 2 ? (scores[i, 0] > 0 ? 1 : 0) : (0..<classCount).max { scores[i, $0] < scores[i, $1] }!
            }
            return .classes(codes: codes, probabilities: probabilities)
        }

        /// The scores' shape follows classCount, so it must be the document's number of classes.
        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try ParameterCheck.value("classCount", self.classCount, is: classCount, "the classes the document lists")
            let blocks = classCount == 2 ? 1 : classCount
            try ParameterCheck.matrix(
                "coefficients", coefficients, rows: blocks, columns: featureCount,
                "one row for two classes, else one per class", "one per feature")
            try ParameterCheck.count("intercepts", intercepts.count, is: blocks, "one per row of coefficients")
        }

        public var summary: String {
            let kind = classCount == 2 ? "binary" : "multinomial (\(classCount) classes)"
            return "logistic model: \(kind), \(coefficients[0].count) features, "
                + (converged ? "converged in \(iterations) iterations" : "did not converge in \(iterations) iterations (max |gradient| \(gradientNorm))")
        }

        public var fields: [(name: String, value: ModelField)] {
            let weights: ModelField = coefficients.count == 1 ? .vector(Vector(coefficients[0])) : .matrix((try? Matrix(rows: coefficients)) ?? Matrix(rows: 0, columns: 0))
            let intercept: (String, ModelField) = intercepts.count == 1 ? ("intercept", .number(intercepts[0])) : ("intercepts", .vector(Vector(intercepts)))
            return [
                ("coefficients", weights), intercept, ("iterations", .number(Double(iterations))),
                ("converged", .number(converged ? 1 : 0)), ("gradient_norm", .number(gradientNorm)),
            ]
        }
    }
}
