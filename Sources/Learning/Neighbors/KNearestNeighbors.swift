import Numerics
import Tables

/// k-nearest-neighbour classification (`knn`): each row gets the class with
/// the largest (weighted) vote among its k nearest training rows.
///
/// Neighbours come from `NeighborSearch` (Euclidean, ties by training row
/// index). Probabilities are the vote shares; a tie between classes goes to
/// the smallest class code, as scikit-learn's argmax does. Fitting only stores
/// the training rows; it is deterministic and draws no random numbers.
public struct KNearestNeighbors: Estimator {
    public static let name = "knn"
    public static let task = ModelTask.classification
    public static let options = NeighborOptions.names

    let options: NeighborOptions

    public init(_ hyperparameters: Hyperparameters) throws {
        options = try NeighborOptions(hyperparameters)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let (codes, labels) = try data.target!.classCodes(for: Self.name)
        try options.requireEnoughRows(data.features.rows)
        return Fitted(
            k: options.k, weighting: options.weighting, featureCount: data.features.columns,
            trainingRows: data.features.rowArrays.flatMap { $0 }, codes: codes, classCount: labels.count)
    }

    /// The stored training rows and their classes.
    public struct Fitted: FittedModel, Equatable {
        public static let name = KNearestNeighbors.name
        public var task: ModelTask { .classification }

        public let k: Int
        public let weighting: NeighborWeighting
        public let featureCount: Int
        /// Training features, row-major.
        public let trainingRows: [Double]
        public let codes: [Int]
        public let classCount: Int

        public func predict(_ features: Matrix) throws -> Prediction { try predict(features, interruption: .never) }

        public func predict(_ features: Matrix, interruption: Interruption) throws -> Prediction {
            let search = NeighborSearch(rowMajor: trainingRows, rows: codes.count, columns: featureCount)
            let neighbors = try search.neighbors(of: features, k: k, interruption: interruption)
            var probabilities = Matrix(rows: features.rows, columns: classCount)
            var predicted = [Int]()
            for (row, found) in neighbors.enumerated() {
                let weights = weighting.weights(found.map(\.distance))
                var votes = [Double](repeating: 0, count: classCount)
                for (neighbor, weight) in zip(found, weights) { votes[codes[neighbor.index]] += weight }
                let total = votes.reduce(0, +)
                for c in 0..<classCount { probabilities[row, c] = votes[c] / total }
                predicted.append(firstMaximum(votes))
            }
            return .classes(codes: predicted, probabilities: probabilities)
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try ParameterCheck.value("classCount", self.classCount, is: classCount, "the classes the document lists")
            try NeighborOptions.checkStored(
                k: k, featureCount: self.featureCount, trainingRows: trainingRows, outcomes: ("codes", codes.count),
                documentFeatures: featureCount)
            try ParameterCheck.indices("codes", codes, below: classCount, "a class per training row")
        }

        public var summary: String {
            "k-nearest neighbours: k = \(k), \(weighting.rawValue) weights, \(codes.count) training rows, \(classCount) classes"
        }

        public var fields: [(name: String, value: ModelField)] {
            [("k", .number(Double(k))), ("training_rows", .number(Double(codes.count)))]
        }
    }
}

/// The index of the largest value; the first one on ties.
func firstMaximum(_ values: [Double]) -> Int {
    var best = 0
    for i in values.indices where values[i] > values[best] { best = i }
    return best
}
