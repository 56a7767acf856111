import Numerics
import Tables

/// A fitted model that predicts `X·w + b`: the shared prediction of the
/// penalised linear regressors (ridge, lasso, elastic net).
protocol LinearPredictor {
    var coefficients: [Double] { get }
    var intercept: Double { get }
}

extension LinearPredictor {
    /// `X·w + b` for the rows of `features`.
    /// - Throws: `LearningError` when the column count differs from training.
    func linearPrediction(_ features: Matrix) throws -> Prediction {
        guard features.columns == coefficients.count else {
            throw LearningError("the model takes \(coefficients.count) features, got \(features.columns)")
        }
        return .values(try features.matmul(Vector(coefficients)) + intercept)
    }

    /// One coefficient per feature.
    func checkCoefficients(featureCount: Int) throws {
        try ParameterCheck.count("coefficients", coefficients.count, is: featureCount, "one per feature")
    }
}
