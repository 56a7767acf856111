import Numerics

/// k-nearest-neighbour regression (`knn_regression`): the (weighted) mean of
/// the targets of the k nearest training rows.
///
/// Neighbours come from `NeighborSearch` (Euclidean, ties by training row
/// index). Deterministic; draws no random numbers.
public struct KNearestNeighborsRegression: Estimator {
    public static let name = "knn_regression"
    public static let task = ModelTask.regression
    public static let options = NeighborOptions.names

    let options: NeighborOptions

    public init(_ hyperparameters: Hyperparameters) throws {
        options = try NeighborOptions(hyperparameters)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let y = try data.target!.numbers(for: Self.name)
        try options.requireEnoughRows(data.features.rows)
        return Fitted(
            k: options.k, weighting: options.weighting, featureCount: data.features.columns,
            trainingRows: data.features.rowArrays.flatMap { $0 }, targets: y.elements)
    }

    /// The stored training rows and their targets.
    public struct Fitted: FittedModel, Equatable {
        public static let name = KNearestNeighborsRegression.name
        public var task: ModelTask { .regression }

        public let k: Int
        public let weighting: NeighborWeighting
        public let featureCount: Int
        /// Training features, row-major.
        public let trainingRows: [Double]
        public let targets: [Double]

        public func predict(_ features: Matrix) throws -> Prediction { try predict(features, interruption: .never) }

        public func predict(_ features: Matrix, interruption: Interruption) throws -> Prediction {
            let search = NeighborSearch(rowMajor: trainingRows, rows: targets.count, columns: featureCount)
            let values = try search.neighbors(of: features, k: k, interruption: interruption).map { found in
                let weights = weighting.weights(found.map(\.distance))
                let weighted = zip(found, weights).reduce(0.0) { $0 + targets[$1.0.index] * $1.1 }
                return weighted / weights.reduce(0, +)
            }
            return .values(Vector(values))
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try NeighborOptions.checkStored(
                k: k, featureCount: self.featureCount, trainingRows: trainingRows, outcomes: ("targets", targets.count),
                documentFeatures: featureCount)
        }

        public var summary: String {
            "k-nearest neighbours regression: k = \(k), \(weighting.rawValue) weights, \(targets.count) training rows"
        }

        public var fields: [(name: String, value: ModelField)] {
            [("k", .number(Double(k))), ("training_rows", .number(Double(targets.count)))]
        }
    }
}
