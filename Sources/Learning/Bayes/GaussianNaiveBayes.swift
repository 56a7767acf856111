import Foundation
import Numerics
import Tables

/// Gaussian naive Bayes (`naive_bayes`): per class, a prior and an independent
/// normal distribution for each feature.
///
/// As scikit-learn's `GaussianNB`: priors are class frequencies; means and
/// variances are per class (variance with divisor n, computed in two passes);
/// every variance is increased by `var_smoothing` × the largest variance of any
/// feature over all rows. Probabilities come from the joint log-likelihoods
/// through log-sum-exp, so they do not underflow far from the data; the
/// predicted class is the most likely, the smallest class code on ties.
/// A class with no training rows gets probability 0. Deterministic.
public struct GaussianNaiveBayes: Estimator {
    public static let name = "naive_bayes"
    public static let task = ModelTask.classification
    public static let options = ["var_smoothing"]

    /// Fraction of the largest feature variance added to every variance (default 1e-9).
    public let varSmoothing: Double

    public init(_ hyperparameters: Hyperparameters) throws {
        varSmoothing = try hyperparameters.number("var_smoothing", default: 1e-9, .nonNegative)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let (codes, labels) = try data.target!.classCodes(for: Self.name)
        let x = data.features
        let allRows = Array(0..<x.rows)
        let epsilon = varSmoothing * (0..<x.columns).map { Self.meanAndVariance(x, column: $0, rows: allRows).variance }.max()!
        var rowsOfClass = [[Int]](repeating: [], count: labels.count)
        for (row, code) in codes.enumerated() { rowsOfClass[code].append(row) }
        var means = [[Double]](), variances = [[Double]]()
        for (code, rows) in rowsOfClass.enumerated() {
            guard !rows.isEmpty else {
                means.append([Double](repeating: 0, count: x.columns))
                variances.append([Double](repeating: 1, count: x.columns))
                continue
            }
            let moments = (0..<x.columns).map { Self.meanAndVariance(x, column: $0, rows: rows) }
            if let flat = moments.firstIndex(where: { $0.variance + epsilon == 0 }) {
                throw LearningError("feature '\(data.featureNames[flat])' does not vary within class '\(labels[code])' and no feature varies at all; naive_bayes needs some variance")
            }
            means.append(moments.map(\.mean))
            variances.append(moments.map { $0.variance + epsilon })
        }
        let priors = rowsOfClass.map { Double($0.count) / Double(x.rows) }
        return Fitted(priors: priors, means: means, variances: variances, epsilon: epsilon)
    }

    static func meanAndVariance(_ x: Matrix, column: Int, rows: [Int]) -> (mean: Double, variance: Double) {
        let values = rows.map { x[$0, column] }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance)
    }

    /// Class priors and per-class feature means and (smoothed) variances.
    public struct Fitted: FittedModel, Equatable {
        public static let name = GaussianNaiveBayes.name
        public var task: ModelTask { .classification }

        public let priors: [Double]
        /// `means[class][feature]`.
        public let means: [[Double]]
        /// `variances[class][feature]`, smoothing included.
        public let variances: [[Double]]
        /// The amount added to every variance.
        public let epsilon: Double

        public func predict(_ features: Matrix) throws -> Prediction {
            let p = means[0].count
            guard features.columns == p else { throw LearningError("the model takes \(p) features, got \(features.columns)") }
            var probabilities = Matrix(rows: features.rows, columns: priors.count)
            var predicted = [Int]()
            for row in 0..<features.rows {
                let joint = priors.indices.map { logLikelihood(features, row: row, class: $0) }
                let top = joint.max()!
                let normaliser = top + log(joint.reduce(0) { $0 + exp($1 - top) })
                for c in priors.indices { probabilities[row, c] = exp(joint[c] - normaliser) }
                predicted.append(firstMaximum(joint))
            }
            return .classes(codes: predicted, probabilities: probabilities)
        }

        /// log P(class) + Σ log N(x | mean, variance), the way scikit-learn sums it.
        private func logLikelihood(_ x: Matrix, row: Int, class c: Int) -> Double {
            guard priors[c] > 0 else { return -.infinity }
            var normalising = 0.0, squares = 0.0
            for j in 0..<means[c].count {
                normalising += log(2 * Double.pi * variances[c][j])
                let d = x[row, j] - means[c][j]
                squares += d * d / variances[c][j]
            }
            return log(priors[c]) - 0.5 * normalising - 0.5 * squares
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try ParameterCheck.count("priors", priors.count, is: classCount, "one per class")
            for (name, values) in [("means", means), ("variances", variances)] {
                try ParameterCheck.matrix(name, values, rows: classCount, columns: featureCount, "one row per class", "one per feature")
            }
            try ParameterCheck.positive("variances", variances)
        }

        public var summary: String {
            "Gaussian naive Bayes: \(priors.count) classes, \(means[0].count) features"
        }

        public var fields: [(name: String, value: ModelField)] {
            [
                ("priors", .vector(Vector(priors))),
                ("means", .matrix(try! Matrix(rows: means))), ("variances", .matrix(try! Matrix(rows: variances))),
                ("epsilon", .number(epsilon)),
            ]
        }
    }
}
