import Numerics
import Tables

/// Principal component analysis (`pca`) through the SVD of the centred data.
///
/// As scikit-learn's `PCA(svd_solver="full")`: the explained variance of a
/// component is s²/(n − 1), its ratio is that over the total of all
/// min(n, p) components, and signs follow scikit-learn 1.9's `svd_flip` with
/// `u_based_decision=False`: in each component the entry of largest magnitude
/// (the first on ties) is positive. With one row every variance is 0.
///
/// PCA transforms rather than predicts: `predict` throws; use `transform` or
/// the fields (`components`, `scores` are the training rows transformed).
/// Deterministic; draws no random numbers.
public struct PrincipalComponents: Estimator {
    public static let name = "pca"
    public static let task = ModelTask.transformation
    public static let options = ["n_components"]

    /// Components kept; nil keeps min(rows, columns).
    public let componentCount: Int?

    public init(_ hyperparameters: Hyperparameters) throws {
        componentCount = try hyperparameters.count("n_components", default: nil, atLeast: 1)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let x = data.features
        let n = x.rows, p = x.columns, available = Swift.min(n, p)
        let kept = componentCount ?? available
        guard kept <= available else { throw LearningError("n_components (\(kept)) must be <= min(rows, columns) = \(available)") }
        let mean = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + x[$1, j] } / Double(n) }
        var centred = x
        for j in 0..<p { for i in 0..<n { centred[i, j] -= mean[j] } }
        // One BLAS thread: a second one rounded the SVD differently on 30 columns (as LogisticRegression.fit explains).
        let svd = try NumericEnvironment.withBLASThreads(1) { try centred.svd() }
        let s = svd.singularValues.elements
        let variance = s.map { n > 1 ? $0 * $0 / Double(n - 1) : 0 }
        let total = variance.reduce(0, +)
        let components = (0..<kept).map { Self.flipped(try! svd.vt.row($0).elements) }
        let fitted = Fitted(
            mean: mean, components: components, explainedVariance: Array(variance.prefix(kept)),
            explainedVarianceRatio: variance.prefix(kept).map { total > 0 ? $0 / total : 0 }, singularValues: Array(s.prefix(kept)), scores: [])
        return fitted.withScores(try fitted.transform(x))
    }

    /// `row` with its sign chosen so its largest-magnitude entry is positive.
    static func flipped(_ row: [Double]) -> [Double] {
        var largest = 0
        for j in row.indices where abs(row[j]) > abs(row[largest]) { largest = j }
        return row[largest] < 0 ? row.map { -$0 } : row
    }

    /// The mean, the components and their variances.
    public struct Fitted: FittedModel, Equatable {
        public static let name = PrincipalComponents.name
        public var task: ModelTask { .transformation }

        /// Feature means subtracted before projecting.
        public let mean: [Double]
        /// `components[component][feature]`, unit length, by decreasing variance.
        public let components: [[Double]]
        public let explainedVariance: [Double]
        public let explainedVarianceRatio: [Double]
        public let singularValues: [Double]
        /// The training rows transformed, row-major by row: `scores[row][component]`.
        public let scores: [[Double]]

        func withScores(_ matrix: Matrix) -> Fitted {
            Fitted(
                mean: mean, components: components, explainedVariance: explainedVariance,
                explainedVarianceRatio: explainedVarianceRatio, singularValues: singularValues, scores: matrix.rowArrays)
        }

        /// The rows of `features` in component coordinates: (x − mean)·componentsᵀ.
        public func transform(_ features: Matrix) throws -> Matrix {
            guard features.columns == mean.count else { throw LearningError("the model takes \(mean.count) features, got \(features.columns)") }
            var centred = features
            for j in 0..<features.columns { for i in 0..<features.rows { centred[i, j] -= mean[j] } }
            // One BLAS thread, as for the SVD: the scores are part of the model.
            return try NumericEnvironment.withBLASThreads(1) { try centred.matmul(try Matrix(rows: components), transposeOther: true) }
        }

        public func predict(_ features: Matrix) throws -> Prediction {
            throw LearningError("pca transforms rather than predicts; use its fields (components, scores, explained_variance)")
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try ParameterCheck.count("mean", mean.count, is: featureCount, "one per feature")
            try ParameterCheck.nonEmpty("components", components.count)
            try ParameterCheck.rows("components", components, width: featureCount, "one per feature")
            let kept = components.count
            let perComponent = [
                ("explainedVariance", explainedVariance), ("explainedVarianceRatio", explainedVarianceRatio),
                ("singularValues", singularValues),
            ]
            for (name, values) in perComponent {
                try ParameterCheck.count(name, values.count, is: kept, "one per component")
            }
            try ParameterCheck.nonEmpty("scores", scores.count)
            try ParameterCheck.rows("scores", scores, width: kept, "one per component")
        }

        public var summary: String {
            "PCA: \(components.count) components explaining \(explainedVarianceRatio.reduce(0, +)) of the variance"
        }

        public var fields: [(name: String, value: ModelField)] {
            [
                ("components", .matrix(try! Matrix(rows: components))), ("explained_variance", .vector(Vector(explainedVariance))),
                ("explained_variance_ratio", .vector(Vector(explainedVarianceRatio))), ("singular_values", .vector(Vector(singularValues))),
                ("mean", .vector(Vector(mean))), ("scores", .matrix(try! Matrix(rows: scores))),
            ]
        }
    }
}
